import * as Y from 'yjs'
import type { ApiBlame, ApiDiff } from '../../shared/historyTypes.ts'
import type { Services } from '../Services.ts'
import { annotateDocument } from './annotateDocument.ts'
import { withReferences } from './annotatedReferences.ts'
import { loadPageDocument } from './loadPageDocument.ts'
import { markMovedText } from './markMovedText.ts'
import { presentAnnotated } from './presentAnnotated.ts'
import { presentRevision } from './presentRevisions.ts'
import type { RevisionRow } from './revisionQueries.ts'
import { RevisionTimeline } from './RevisionTimeline.ts'
import { revisionStats } from './revisionStats.ts'
import { readRevisionSnapshot } from './snapshotDeltas.ts'

/**
 * The changes between two states of a page, inline and word by word: `from` null is the
 * empty page before the first revision, `to` null the page as it is now. Insertions carry
 * their writer, deletions who removed them, both the revision they happened in. Text a
 * structural edit moved is kept text, still its author's (markMovedText).
 */
export async function diffPage(services: Services, pageId: string, from: RevisionRow | null, to: RevisionRow | null): Promise<ApiDiff> {
  if (from && to && from.number > to.number) [from, to] = [to, from]
  const [doc, timeline] = await Promise.all([loadPageDocument(services, pageId), RevisionTimeline.load(services, pageId)])
  const before = await readRevisionSnapshot(services.db, pageId, from?.number ?? 0)
  const after = to ? await readRevisionSnapshot(services.db, pageId, to.number) : Y.snapshot(doc)
  const nodes = annotateDocument(doc, { before, after, cuts: timeline.cuts })
  markMovedText(nodes, timeline.carried, before)
  await timeline.resolveRemovals(services, pageId, nodes, from?.number ?? 0, to?.number ?? null)
  const { charsAdded, charsRemoved, wordsAdded, wordsRemoved, blocksChanged, charsFormatted } = revisionStats(doc, before, after, timeline.carried)
  return {
    ...(await withReferences(services.db, pageId, presentAnnotated(nodes, timeline))),
    from: from ? await presentRevision(services.db, from) : null,
    to: to ? await presentRevision(services.db, to) : null,
    stats: { charsAdded, charsRemoved, wordsAdded, wordsRemoved, blocksChanged, charsFormatted },
  }
}

/** Who wrote every passage of the page now (`revision` null) or at a revision, and in which revision. */
export async function blamePage(services: Services, pageId: string, revision: RevisionRow | null): Promise<ApiBlame> {
  const [doc, timeline] = await Promise.all([loadPageDocument(services, pageId), RevisionTimeline.load(services, pageId)])
  const after = revision ? await readRevisionSnapshot(services.db, pageId, revision.number) : Y.snapshot(doc)
  const nodes = annotateDocument(doc, { after, cuts: timeline.cuts })
  return {
    ...(await withReferences(services.db, pageId, presentAnnotated(nodes, timeline))),
    revision: revision ? await presentRevision(services.db, revision) : null,
  }
}
