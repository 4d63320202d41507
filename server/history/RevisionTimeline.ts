import * as Y from 'yjs'
import { readCarriedText, readClientOwners } from '../documents/documentQueries.ts'
import type { Services } from '../Services.ts'
import type { AnnotatedNode } from './annotateDocument.ts'
import { CarriedText } from './CarriedText.ts'
import { decodeDeletions, deletionContains } from './deletionRanges.ts'
import type { Attribution, YjsPosition } from './diffWords.ts'
import { listRecordedDeletions, listRevisionStateVectors, listSnapshotDeltas, readRevisionAuthors } from './revisionQueries.ts'
import { firstGreater } from './snapshotSegments.ts'

/** Per client: clocks at which revisions end, rising, and the number of the revision ending there. */
interface ClientHistory {
  clocks: number[]
  numbers: number[]
}

const UNKNOWN_REMOVAL = { by: null, revision: null }

/**
 * A page's revisions seen from its Yjs ids: who owns each client (the server's attribution),
 * which revision first held each item, and who removed what. Answers blame and diff questions
 * about any item without rebuilding revisions.
 */
export class RevisionTimeline implements Attribution {
  /** Revision boundaries and carried-text edges per client, for splitting text where either changes. */
  readonly cuts = new Map<number, number[]>()
  /** Text re-inserted by structural edits, traced back to the items its authors typed. */
  readonly carried: CarriedText
  readonly revisions: { id: string; number: number }[]
  private readonly owners: Map<number, string>
  private readonly clients = new Map<number, ClientHistory>()
  private readonly removals = new Map<string, { by: string | null; revision: number | null }>()

  /** From the page's client owners, its revisions' state-vector deltas (oldest first) and its carried text. */
  constructor(owners: Map<number, string>, revisions: { id: string; number: number; stateVector: Uint8Array }[], carried = new CarriedText([])) {
    this.owners = owners
    this.carried = carried
    this.revisions = revisions.map(({ id, number }) => ({ id, number }))
    for (const { number, stateVector } of revisions) {
      for (const [client, clock] of Y.decodeStateVector(stateVector)) {
        let history = this.clients.get(client)
        if (!history) this.clients.set(client, (history = { clocks: [], numbers: [] }))
        // Keep the clocks rising: a revision cut from a lagging replica adds nothing new.
        if (clock > (history.clocks.at(-1) ?? 0)) {
          history.clocks.push(clock)
          history.numbers.push(number)
        }
      }
    }
    for (const [client, history] of this.clients) this.cuts.set(client, [...history.clocks])
    carried.addCuts(this.cuts)
  }

  static async load(services: Services, pageId: string): Promise<RevisionTimeline> {
    const [owners, revisions, carried] = await Promise.all([
      readClientOwners(services.db, pageId), listRevisionStateVectors(services.db, pageId), readCarriedText(services.db, pageId),
    ])
    return new RevisionTimeline(owners, revisions, new CarriedText(carried))
  }

  /** Who typed the text: carried text is its original author's, not the restructurer's. */
  writer(at: YjsPosition): string | null {
    return this.owners.get(this.carried.origin(at).client) ?? null
  }

  /** Who made the item itself: for moved text, who moved it. */
  maker({ client }: YjsPosition): string | null {
    return this.owners.get(client) ?? null
  }

  /** Whose text a pasted copy repeats (the copy itself is the paster's), or null. */
  copiedFrom(at: YjsPosition): string | null {
    const source = this.carried.copyOf(at)
    return source ? this.writer(source) : null
  }

  introducedIn(at: YjsPosition): number | null {
    const { client, clock } = this.carried.origin(at)
    const history = this.clients.get(client)
    if (!history) return null
    return history.numbers[firstGreater(history.clocks, clock)] ?? null
  }

  removal({ client, clock }: YjsPosition): { by: string | null; revision: number | null } {
    return this.removals.get(`${client}:${clock}`) ?? UNKNOWN_REMOVAL
  }

  /**
   * Finds who removed each passage removed between revision `from` (0: the empty page) and
   * `to` (null: now). First from the deletions the server recorded per author; failing that,
   * the revision whose snapshot delta deletes the passage, and its author if it has only one.
   */
  async resolveRemovals(services: Services, pageId: string, nodes: AnnotatedNode[], from: number, to: number | null): Promise<void> {
    const removed: YjsPosition[] = []
    const collect = (list: AnnotatedNode[]) => {
      for (const node of list) {
        if (node.before && !node.after) removed.push(node)
        if (node.kind === 'element') collect(node.children)
      }
    }
    collect(nodes)
    if (removed.length === 0) return
    const last = to ?? this.revisions.at(-1)?.number ?? 0
    const [recorded, deltas] = await Promise.all([
      listRecordedDeletions(services.db, pageId, from, last),
      listSnapshotDeltas(services.db, pageId, from, last),
    ])
    const deletedBy = recorded.map((row) => ({ ...row, ranges: decodeDeletions(row.deletions) }))
    const deletedIn = deltas.map((row) => ({ number: row.number, ds: Y.decodeSnapshotV2(row.snapshot).ds }))
    const unresolved: { at: YjsPosition; revision: number }[] = []
    for (const at of removed) {
      const hit = deletedBy.find((row) => deletionContains(row.ranges, at.client, at.clock))
      if (hit) {
        this.removals.set(`${at.client}:${at.clock}`, { by: hit.userId, revision: hit.number })
        continue
      }
      // No recorded deleter: the revision whose snapshot delta holds the deletion.
      const revision = deletedIn.find((row) => Y.isDeleted(row.ds, Y.createID(at.client, at.clock)))?.number
      if (revision !== undefined) unresolved.push({ at, revision })
    }
    const ids = [...new Set(unresolved.map((u) => this.revisions.find((r) => r.number === u.revision)!.id))]
    const authors = await readRevisionAuthors(services.db, ids)
    for (const { at, revision } of unresolved) {
      const list = authors.get(this.revisions.find((r) => r.number === revision)!.id) ?? []
      this.removals.set(`${at.client}:${at.clock}`, { by: list.length === 1 ? list[0].id : null, revision })
    }
  }
}
