import * as Y from 'yjs'
import type { ApiRevisionContent } from '../../shared/historyTypes.ts'
import { nodeText, pageNode } from '../documents/pageNode.ts'
import type { Services } from '../core/Services.ts'
import { loadPageDocument } from './loadPageDocument.ts'
import { presentRevision } from './presentRevisions.ts'
import type { RevisionRow } from './revisionQueries.ts'
import { readRevisionSnapshot } from './snapshotDeltas.ts'

/** Rebuilds a page exactly as it was at a revision, from the page's document and the revision's snapshot. */
export async function rebuildRevision(services: Services, revision: RevisionRow): Promise<Y.Doc> {
  const [origin, snapshot] = await Promise.all([
    loadPageDocument(services, revision.pageId), readRevisionSnapshot(services.db, revision.pageId, revision.number),
  ])
  return Y.createDocFromSnapshot(origin, snapshot)
}

/** A revision with its content as ProseMirror JSON and plain text. */
export async function readRevisionContent(services: Services, revision: RevisionRow): Promise<ApiRevisionContent> {
  const node = pageNode(await rebuildRevision(services, revision))
  return {
    ...(await presentRevision(services.db, revision)),
    content: node.toJSON() as ApiRevisionContent['content'],
    text: nodeText(node),
  }
}
