import {
  isTransactionOrigin,
  type beforeHandleMessagePayload, type beforeUnloadDocumentPayload, type Extension, type Hocuspocus,
  type onChangePayload, type onLoadDocumentPayload, type onStoreDocumentPayload,
} from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { isContainedIn, readCarriedUpdate } from '../internals/syncMessage.ts'
import { compactDocument, loadDocument } from '../documents/compactDocument.ts'
import type { Services } from '../core/Services.ts'
import type { CollabContext } from './CollabContext.ts'
import { AckGate } from '../internals/AckGate.ts'
import { closeWith } from './closeWith.ts'
import { Turns } from './Turns.ts'

const MAX_RETRY_MS = 30_000
/** Updates waiting for the database beyond which new ones are refused (the clients keep them). */
const MAX_BACKLOG = 100_000
/**
 * Pages compacted at once at most. Busy pages reach their maximum store debounce together,
 * and dozens of compaction transactions at once made the log's appends wait for a connection.
 */
const MAX_CONCURRENT_COMPACTIONS = 2

/**
 * No acknowledged edit is ever lost, and no edit reaches anyone before it is stored. Every
 * update a connection sends is appended to the durable log (group commit across connections)
 * and applied — acknowledged, relayed to the other clients — once its row is committed. An
 * update that brings nothing new is acknowledged once earlier appends of the page are
 * committed (AckGate). The debounced store compacts the log into the page's state; loading is
 * state plus remaining log. A failed compaction is retried with backoff and keeps the document
 * loaded. While the database is away a connection's updates wait (its client keeps them).
 */
export class DurabilityExtension implements Extension {
  extensionName = 'Durability'
  priority = 100
  private readonly services: Services
  /** Pages whose compaction failed, with the pending retry and its current delay. */
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; delay: number }>()
  private readonly compactions: Turns

  constructor(services: Services) {
    this.services = services
    this.compactions = new Turns(MAX_CONCURRENT_COMPACTIONS, { metrics: services.metrics, work: 'compaction' })
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    await loadDocument(this.services, documentName, document)
  }

  async beforeHandleMessage({ update: raw, connection, document, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    const { updateLog, metrics, logger } = this.services
    // Already decoded (and refused if malformed) by MessageGuardExtension.
    const carried = readCarriedUpdate(raw)
    // Read-only connections are refused by Hocuspocus itself (sync status false); never log them.
    if (!carried || connection.readOnly) return
    if (updateLog.backlog > MAX_BACKLOG) throw closeWith(CloseCodes.notStored, 'the update log is full')
    const gate = AckGate.of(connection, (error) => {
      logger.error({ page: documentName, err: error }, 'an update was refused by the database; closing its connection')
      connection.close(CloseCodes.notStored)
    })
    if (carried.empty || isContainedIn(carried, document)) {
      // Nothing new, but its acknowledgement must not overtake earlier appends of the page.
      gate.hold(updateLog.whenDurable(documentName))
      return
    }
    // Relay only after commit: awaited here, the update reaches the document (and so the other
    // clients, other instances and later syncs) only once its row is committed. Whatever this
    // server has ever sent a client is in the log, so no crash can leave clients holding edits
    // the server lost, and attribution never needs to take another author's edits on trust.
    try {
      await updateLog.append(documentName, carried.update, context.actor.userId, carried.carriedText ?? null)
    } catch (error) {
      logger.error({ page: documentName, err: error }, 'an update was refused by the database; closing its connection')
      throw closeWith(CloseCodes.notStored)
    }
    metrics.updatesReceived.inc()
  }

  async onChange({ documentName, update, transactionOrigin, context }: onChangePayload): Promise<void> {
    // Changes the server makes itself through a direct connection are logged too (unless their
    // maker logged them first); loading, compaction and other instances' updates (already logged
    // there) are not.
    if (!isTransactionOrigin(transactionOrigin) || transactionOrigin.source !== 'local' || transactionOrigin.skipStoreHooks) return
    if ((context as Partial<CollabContext> | undefined)?.loggedByCaller) return
    const userId = (context as Partial<CollabContext> | undefined)?.actor?.userId ?? null
    this.services.updateLog.append(documentName, update, userId).catch((error) => {
      this.services.logger.error({ page: documentName, err: error }, 'a server-side change could not be logged; it is kept by the next compaction')
    })
  }

  async onStoreDocument({ document, documentName, instance }: onStoreDocumentPayload): Promise<void> {
    const { metrics, logger } = this.services
    try {
      await this.compactions.run(async () => {
        // Timed from its turn: the metric is the compaction's cost, not the wait for a turn.
        const stop = metrics.storeSeconds.startTimer()
        await compactDocument(this.services, documentName, document)
        stop()
      })
      this.clearRetry(documentName)
    } catch (error) {
      metrics.storeFailures.inc()
      const delay = Math.min((this.retries.get(documentName)?.delay ?? 500) * 2, MAX_RETRY_MS)
      logger.error({ page: documentName, err: error, retryInMs: delay }, 'compaction failed; will retry')
      this.scheduleRetry(instance, documentName, delay)
      throw error
    }
  }

  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    // A document whose state is not yet stored stays loaded until a retry succeeds.
    if (this.retries.has(documentName)) throw new Error(`page ${documentName} has unstored changes`)
  }

  async onDestroy(): Promise<void> {
    for (const { timer } of this.retries.values()) clearTimeout(timer)
    this.retries.clear()
  }

  private scheduleRetry(instance: Hocuspocus, documentName: string, delay: number): void {
    clearTimeout(this.retries.get(documentName)?.timer)
    const timer = setTimeout(() => {
      const document = instance.documents.get(documentName)
      if (!document) return this.clearRetry(documentName)
      instance.storeDocumentHooks(document, {
        instance, document, documentName, clientsCount: document.getConnectionsCount(),
        lastContext: {}, lastTransactionOrigin: { source: 'local' },
      }, true)
    }, delay)
    timer.unref()
    this.retries.set(documentName, { timer, delay })
  }

  private clearRetry(documentName: string): void {
    const retry = this.retries.get(documentName)
    if (!retry) return
    clearTimeout(retry.timer)
    this.retries.delete(documentName)
  }
}
