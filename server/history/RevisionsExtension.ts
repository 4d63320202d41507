import type {
  afterLoadDocumentPayload, beforeHandleMessagePayload, beforeUnloadDocumentPayload, Document, Extension,
  onChangePayload, onDisconnectPayload,
} from '@hocuspocus/server'
import { isProposalDocument } from '../../shared/proposalDocument.ts'
import * as Y from 'yjs'
import type { CollabContext } from '../collab/CollabContext.ts'
import { Turns } from '../collab/Turns.ts'
import { STORAGE_ORIGIN } from '../documents/compactDocument.ts'
import { repairedPartsOf } from '../documents/repairDocument.ts'
import { readCarriedUpdate } from '../internals/syncMessage.ts'
import type { Services } from '../core/Services.ts'
import { cutRevision, type CutRequest } from './cutRevision.ts'
import { mergeDeletions, newDeletions, type DeletionRanges } from './deletionRanges.ts'
import { loadPageDocument } from './loadPageDocument.ts'
import { listRevisionStateVectors, type RevisionRow } from './revisionQueries.ts'
import { foldStateVectors } from './snapshotDeltas.ts'
import type { RevisionOptions } from './revisionOptions.ts'

/** An editing burst on one page: edits since its last revision, not yet cut. */
interface Burst {
  startedAt: Date
  idle: NodeJS.Timeout | null
  longest: NodeJS.Timeout | null
  deletions: Map<string, DeletionRanges>
  /** Unreadable parts the server set aside during the burst (a repair on load). */
  repairedParts: number
}

/** Adds what a user deleted to the burst. */
function recordDeletions(burst: Pick<Burst, 'deletions'>, userId: string, ranges: DeletionRanges): void {
  const mine = burst.deletions.get(userId) ?? new Map()
  mergeDeletions(mine, ranges)
  burst.deletions.set(userId, mine)
}

/** What a revision says when the server set unreadable parts aside in its burst (a repair on load). */
function repairSummary(repairedParts: number): string | null {
  return repairedParts > 0 ? `repaired: removed ${repairedParts} unreadable ${repairedParts === 1 ? 'part' : 'parts'}` : null
}

/**
 * Revisions cut at once at most at the end of bursts. Many pages end their bursts together (a
 * class leaving, a server shutting down its idle documents): each cut reads the page's latest
 * snapshot and writes a revision in a transaction, and unbounded they filled the database pool
 * ahead of the durable log, like index runs and compactions did. The rest wait their turn, in
 * order; cuts by hand (named versions, restores) do not, since someone waits for them.
 */
const MAX_CONCURRENT_CUTS = 2

/** A revision cut by hand (named version, restore) rather than by the end of a burst. */
export type ManualCut = Omit<CutRequest, 'startedAt' | 'editors' | 'deletions'>

/**
 * Cuts revisions when an editing burst ends: no edit for `idleMs`, the last editor leaves,
 * or `maxBurstMs` of continuous editing. Records who deleted what (Yjs itself keeps only who
 * inserted), so a revision knows all its authors. Every instance tracks the bursts it sees;
 * the cut itself is idempotent across instances (see cutRevision).
 */
export class RevisionsExtension implements Extension {
  extensionName = 'Revisions'
  // After Attribution and Durability, which may still refuse an update.
  priority = 50
  private readonly services: Services
  private readonly options: RevisionOptions
  private readonly bursts = new Map<string, Burst>()
  /** The cut in progress per page: cuts of one page run one after the other. */
  private readonly cutting = new Map<string, Promise<unknown>>()
  /** Turns of the cuts at the end of bursts (see MAX_CONCURRENT_CUTS). */
  private readonly cuts: Turns

  constructor(services: Services, options: RevisionOptions) {
    this.services = services
    this.options = options
    this.cuts = new Turns(MAX_CONCURRENT_CUTS, { metrics: services.metrics, work: 'revisions' })
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    if (isProposalDocument(documentName)) return
    // Edits made since the last revision (the server stopped before cutting) open a burst now.
    try {
      // Inserts are enough to tell (deletions alone are caught by the next burst): only state vectors are read.
      const revised = foldStateVectors((await listRevisionStateVectors(this.services.db, documentName)).map((r) => r.stateVector))
      const clients = [...document.store.clients.keys()]
      if (clients.some((client) => Y.getState(document.store, client) > (revised.get(client) ?? 0))) this.touch(documentName, document)
    } catch (err) {
      // History must never keep a page from opening; the next edit opens a burst anyway.
      this.services.logger.error({ err, page: documentName }, 'could not compare the page with its last revision')
    }
  }

  async beforeHandleMessage({ update: raw, connection, document, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (isProposalDocument(documentName)) return
    // Inserts are attributed by their Yjs client ids (page_clients); deletions carry no author,
    // so the user whose connection sends one that is new to the page is recorded here.
    const userId = context.actor?.userId
    if (connection.readOnly || !userId) return
    const carried = readCarriedUpdate(raw)
    if (!carried?.deletes) return
    const deletions = newDeletions(document, carried.update)
    if (deletions.size > 0) recordDeletions(this.touch(documentName, document), userId, deletions)
  }

  async onChange({ documentName, document, transactionOrigin }: onChangePayload): Promise<void> {
    if (isProposalDocument(documentName)) return
    // Log rows and other instances' states applied while compacting are not new edits.
    if (transactionOrigin === STORAGE_ORIGIN) return
    this.touch(documentName, document).repairedParts += repairedPartsOf(transactionOrigin)
  }

  async onDisconnect({ documentName, document }: onDisconnectPayload): Promise<void> {
    if (isProposalDocument(documentName)) return
    const editorsLeft = document.getConnections().some((connection) => !connection.readOnly)
    if (!editorsLeft) await this.endBurst(documentName, document)
  }

  async beforeUnloadDocument({ documentName, document }: beforeUnloadDocumentPayload): Promise<void> {
    if (isProposalDocument(documentName)) return
    // Unloading waits on earlier hooks; someone may have opened the page again meanwhile, and
    // then Hocuspocus keeps it loaded: their edits are a burst of their own, not this one's end.
    if (document.getConnectionsCount() === 0) await this.endBurst(documentName, document)
  }

  async onDestroy(): Promise<void> {
    for (const burst of this.bursts.values()) this.clearTimers(burst)
    this.bursts.clear()
    await Promise.allSettled(this.cutting.values())
  }

  /**
   * Cuts a revision by hand now (a named version, a restore), closing the page's burst. Uses
   * the page's live document when this instance has it loaded, else the stored one.
   */
  async cutNow(pageId: string, cut: ManualCut, seen?: { editors: string[]; deletions: Map<string, DeletionRanges> }): Promise<{ revision: RevisionRow; created: boolean } | null> {
    const live = this.services.hocuspocus.documents.get(pageId)
    const doc = live && !live.isLoading ? live : await loadPageDocument(this.services, pageId)
    return this.serialize(pageId, () => {
      const burst = this.takeBurst(pageId) ?? { startedAt: new Date(), deletions: new Map<string, DeletionRanges>(), repairedParts: 0 }
      for (const [userId, ranges] of seen?.deletions ?? []) recordDeletions(burst, userId, ranges)
      const summary = cut.summary ?? repairSummary(burst.repairedParts)
      return cutRevision(this.services, pageId, doc, { startedAt: burst.startedAt, deletions: burst.deletions, editors: seen?.editors ?? [], ...cut, summary })
    })
  }

  /** Cuts the page's open burst, if any, and waits for every cut of the page in progress. */
  async flush(pageId: string): Promise<void> {
    const live = this.services.hocuspocus.documents.get(pageId)
    if (live) await this.endBurst(pageId, live)
    // A failed cut was logged (automatic) or reported to its caller (by hand); waiting is all that is left.
    await this.cutting.get(pageId)?.catch(() => {})
  }

  /** Notes an edit: opens or extends the page's burst and (re)arms its timers. */
  private touch(pageId: string, document: Document): Burst {
    let burst = this.bursts.get(pageId)
    if (!burst) {
      burst = { startedAt: new Date(), idle: null, longest: null, deletions: new Map(), repairedParts: 0 }
      this.bursts.set(pageId, burst)
      burst.longest = this.timer(this.options.maxBurstMs, pageId, document)
    }
    if (burst.idle) clearTimeout(burst.idle)
    burst.idle = this.timer(this.options.idleMs, pageId, document)
    return burst
  }

  private timer(ms: number, pageId: string, document: Document): NodeJS.Timeout {
    const timer = setTimeout(() => void this.endBurst(pageId, document), ms)
    timer.unref()
    return timer
  }

  /** Cuts the page's open burst, if any. A failure is logged: the edits stay in the document and the next cut takes them. */
  private async endBurst(pageId: string, document: Document): Promise<void> {
    const burst = this.takeBurst(pageId)
    if (!burst) return
    const { startedAt, deletions, repairedParts } = burst
    // The owner sees in history that the server changed the page, and how much.
    const cut = () => cutRevision(this.services, pageId, document, { kind: 'auto', startedAt, editors: [], deletions, summary: repairSummary(repairedParts) })
    await this.serialize(pageId, () => this.cuts.run(cut))
      .catch((err) => this.services.logger.error({ err, page: pageId }, 'could not cut a revision'))
  }

  /** Removes the page's burst (stopping its timers) and returns what it recorded. */
  private takeBurst(pageId: string): Burst | undefined {
    const burst = this.bursts.get(pageId)
    if (!burst) return undefined
    this.clearTimers(burst)
    this.bursts.delete(pageId)
    return burst
  }

  private clearTimers(burst: Burst): void {
    if (burst.idle) clearTimeout(burst.idle)
    if (burst.longest) clearTimeout(burst.longest)
  }

  private serialize<T>(pageId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.cutting.get(pageId) ?? Promise.resolve()
    // The previous cut's failure belongs to its own caller; this one runs regardless.
    const next = previous.catch(() => {}).then(work)
    this.cutting.set(pageId, next)
    const forget = () => { if (this.cutting.get(pageId) === next) this.cutting.delete(pageId) }
    next.then(forget, forget)
    return next
  }
}
