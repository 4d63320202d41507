import * as Y from 'yjs'
import type { RevisionKind } from '../../shared/historyTypes.ts'
import { readCarriedText, readClientOwners } from '../documents/documentQueries.ts'
import { findPage } from '../pages/pageQueries.ts'
import type { Services } from '../core/Services.ts'
import { encodeDeletions, type DeletionRanges } from './deletionRanges.ts'
import {
  addRevisionAuthors, findLatestRevision, insertRevision, labelRevision, lockPageRevisions, type RevisionRow,
} from './revisionQueries.ts'
import { CarriedText } from './CarriedText.ts'
import { revisionStats } from './revisionStats.ts'
import { readRevisionSnapshot, snapshotDelta } from './snapshotDeltas.ts'
import { snapshotCovers } from '../documents/snapshotCovers.ts'

/** What is known about the editing a revision closes, besides the document itself. */
export interface CutRequest {
  kind: RevisionKind
  name?: string | null
  summary?: string | null
  /** Who cut it by hand (named versions, restores). */
  createdBy?: string | null
  restoredFrom?: string | null
  /** When the burst of edits began. */
  startedAt: Date
  /** When the revision was made, if not now (the seeded text: when it was written). */
  createdAt?: Date
  /** Authors besides the owners of the client ids that inserted and the deleters (seed author, restorer). */
  editors: Iterable<string>
  /** What each user deleted during the burst. */
  deletions: Map<string, DeletionRanges>
}

function authorRows(userIds: Iterable<string>, deletions: Map<string, DeletionRanges>) {
  const ids = new Set([...userIds, ...deletions.keys()])
  return [...ids].map((userId) => {
    const ranges = deletions.get(userId)
    return { userId, deletions: ranges && ranges.size > 0 ? encodeDeletions(ranges) : null }
  })
}

/**
 * Cuts a revision of a page from its (gc-disabled) document as it is now: a Yjs snapshot
 * (stored as what it adds to the previous one), the authors, the title and what changed.
 * Under the page's revision lock, so when several instances cut the same burst only one
 * revision is made: an automatic cut whose state the newest revision already holds only adds
 * its authors to it, and a named version of such a state names it. Resolves to null for a
 * deleted page or when there is nothing to record yet.
 */
export async function cutRevision(services: Services, pageId: string, doc: Y.Doc, request: CutRequest): Promise<{ revision: RevisionRow; created: boolean } | null> {
  // Text carried by updates still being logged is stored with them: wait, so the statistics see it.
  await services.updateLog.whenDurable(pageId)
  const snapshot = Y.snapshot(doc)
  let cut: { spaceId: string; authorIds: string[] } | null = null
  const result = await services.db.transaction(async (tx) => {
    cut = null
    await lockPageRevisions(tx, pageId)
    const page = await findPage(tx, pageId)
    if (!page) return null
    const latest = await findLatestRevision(tx, pageId)
    const previous = await readRevisionSnapshot(tx, pageId, latest?.number ?? 0)
    if (snapshotCovers(previous, snapshot)) {
      if (request.kind === 'auto') {
        if (latest) await addRevisionAuthors(tx, latest.id, authorRows(request.editors, request.deletions))
        return latest ? { revision: latest, created: false } : null
      }
      if (latest && request.kind === 'named' && latest.name === null) {
        const revision = await labelRevision(tx, latest.id, { name: request.name ?? null, summary: request.summary ?? null, createdBy: request.createdBy ?? null })
        cut = { spaceId: page.spaceId, authorIds: [] }
        return { revision, created: false }
      }
    }
    const owners = await readClientOwners(tx, pageId)
    const authors = new Set(request.editors)
    for (const [client, clock] of snapshot.sv) {
      const owner = owners.get(client)
      if (owner && clock > (previous.sv.get(client) ?? 0)) authors.add(owner)
    }
    const stats = revisionStats(doc, previous, snapshot, new CarriedText(await readCarriedText(tx, pageId)))
    const delta = snapshotDelta(previous, snapshot)
    const revision = await insertRevision(tx, {
      pageId, spaceId: page.spaceId, number: (latest?.number ?? 0) + 1,
      snapshot: Y.encodeSnapshotV2(delta), stateVector: Y.encodeStateVector(delta.sv),
      kind: request.kind, name: request.name ?? null, summary: request.summary ?? null, title: page.title,
      createdBy: request.createdBy ?? null, restoredFrom: request.restoredFrom ?? null, startedAt: request.startedAt, createdAt: request.createdAt ?? null, ...stats,
    })
    const rows = authorRows(authors, request.deletions)
    await addRevisionAuthors(tx, revision.id, rows)
    cut = { spaceId: page.spaceId, authorIds: rows.map((row) => row.userId) }
    return { revision, created: true }
  })
  // Once committed (watchers are told of it); a retried transaction set `cut` afresh.
  const made = cut as { spaceId: string; authorIds: string[] } | null
  if (result?.created && made) {
    services.events.emit('revisionCut', { pageId, spaceId: made.spaceId, revisionId: result.revision.id, kind: request.kind, authorIds: made.authorIds })
  } else if (result && made) {
    services.events.emit('revisionNamed', { pageId, spaceId: made.spaceId, revisionId: result.revision.id })
  }
  return result
}
