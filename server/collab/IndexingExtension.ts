import type { beforeUnloadDocumentPayload, Document, Extension, onChangePayload } from '@hocuspocus/server'
import { isProposalDocument } from '../../shared/proposalDocument.ts'
import { indexDocument } from '../documents/indexDocument.ts'
import type { Services } from '../core/Services.ts'
import { Turns } from './Turns.ts'

const QUIET_MS = 150
const MAX_WAIT_MS = 600
/**
 * Pages indexed at once at most. Each run takes database connections for its indexers'
 * transactions; with dozens of pages under edit, unbounded runs filled the pool and the
 * durable log's appends (and so every acknowledgement) queued behind them. Past this many,
 * runs wait their turn: freshness gives way before durability does.
 */
const MAX_CONCURRENT_RUNS = 2
/**
 * When pages wait for a turn, a turn rests as long as its run took before the next page's run
 * (see Turns): indexing that cannot keep up takes at most half of each turn's time, and the
 * database and the event loop keep the rest for edits and their acknowledgements.
 */
const REST_WHEN_BEHIND = 1

/**
 * Keeps what is derived from a page's document (text, links, search) fresh within a second
 * of a change — not only on the slow debounced store. Changes are coalesced per page: an
 * index runs after a short quiet spell, or at the latest MAX_WAIT_MS after the first change.
 */
export class IndexingExtension implements Extension {
  extensionName = 'Indexing'
  private readonly services: Services
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; first: number; document: Document }>()
  private readonly running = new Map<string, Promise<void>>()
  private readonly turns: Turns

  constructor(services: Services) {
    this.services = services
    this.turns = new Turns(MAX_CONCURRENT_RUNS, { metrics: services.metrics, work: 'indexing' }, { rest: REST_WHEN_BEHIND })
  }

  async onChange({ documentName, document }: onChangePayload): Promise<void> {
    if (isProposalDocument(documentName)) return
    const now = Date.now()
    const entry = this.pending.get(documentName)
    const first = entry?.first ?? now
    clearTimeout(entry?.timer)
    const wait = Math.max(0, Math.min(QUIET_MS, first + MAX_WAIT_MS - now))
    const timer = setTimeout(() => void this.run(documentName), wait)
    this.pending.set(documentName, { timer, first, document })
  }

  async beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    // Index the last changes now: the document is destroyed once unloaded.
    await this.run(documentName)
    await this.running.get(documentName)
  }

  async onDestroy(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((name) => this.run(name)))
    await Promise.all(this.running.values())
  }

  /** Indexes a page now (waits for a run in progress first). */
  async run(documentName: string): Promise<void> {
    const entry = this.pending.get(documentName)
    if (!entry) return
    clearTimeout(entry.timer)
    this.pending.delete(documentName)
    const previous = this.running.get(documentName) ?? Promise.resolve()
    const next = previous.then(() => this.turns.run(async () => { await indexDocument(this.services, documentName, entry.document) }))
    this.running.set(documentName, next)
    await next
    if (this.running.get(documentName) === next) this.running.delete(documentName)
  }
}
