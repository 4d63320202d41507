import { isTransactionOrigin, type Extension, type onChangePayload } from '@hocuspocus/server'
import type { Services } from '../core/Services.ts'

/**
 * Logs on this instance every update that reaches a document from another instance through
 * Redis. The instance it came from committed it before relaying it (DurabilityExtension), so
 * this is a second line of defence: an author who reconnects here finds its update already in
 * the document, its sync carries nothing new and is acknowledged once this instance's own log
 * holds everything it has (the log commits in order), whatever the state of the instance it
 * came from. Duplicate rows are harmless: applying an update twice changes nothing, and
 * compaction folds them away.
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
