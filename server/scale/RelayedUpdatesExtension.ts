import { isTransactionOrigin, type Extension, type onChangePayload } from '@hocuspocus/server'
import type { Services } from '../core/Services.ts'

/**
 * Logs on this instance every update that reaches a document from another instance through
 * Redis. Acknowledgements wait for the log, but updates are applied and relayed at once
 * (AckGate), so a peer may relay an update and die before logging it. Its author reconnects
 * here; this document already holds the update, so the author's sync carries nothing new and
 * is acknowledged — which must mean stored. With relayed updates logged here too, whatever an
 * instance holds is in the log (or queued ahead of any later acknowledgement on it: the log
 * commits in order), whatever became of the instance it came from. Duplicate rows are harmless:
 * applying an update twice changes nothing, and compaction folds them away.
 */
export class RelayedUpdatesExtension implements Extension {
  extensionName = 'RelayedUpdates'
  // Before every other onChange hook: the append must be queued before anything can await.
  priority = 2000
  private readonly services: Services

  constructor(services: Services) {
    this.services = services
  }

  async onChange({ documentName, update, transactionOrigin }: onChangePayload): Promise<void> {
    if (!isTransactionOrigin(transactionOrigin) || transactionOrigin.source !== 'redis') return
    this.services.updateLog.append(documentName, update, null).catch((err) => {
      this.services.logger.error({ page: documentName, err }, 'could not log an update relayed from another instance')
    })
  }
}
