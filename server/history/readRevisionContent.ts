import * as Y from 'yjs'
import type { ApiRevisionContent } from '../../shared/historyTypes.ts'
import { nodeText, pageNode } from '../documents/pageNode.ts'
import type { Services } from '../Services.ts'
import { loadPageDocument } from './loadPageDocument.ts'
import { presentRevision } from './presentRevisions.ts'
import type { RevisionWithSnapshot } from './revisionQueries.ts'

/** Rebuilds a page exactly as it was at a revision, from the page's document and the revision's snapshot. */
export async function rebuildRevision(services: Services, pageId: string, snapshot: Uint8Array, doc?: Y.Doc): Promise<Y.Doc> {
  const origin = doc ?? (await loadPageDocument(services, pageId))
  return Y.createDocFromSnapshot(origin, Y.decodeSnapshotV2(snapshot))
}

/** A revision with its content as ProseMirror JSON and plain text. */
export async function readRevisionContent(services: Services, revision: RevisionWithSnapshot): Promise<ApiRevisionContent> {
  const node = pageNode(await rebuildRevision(services, revision.pageId, revision.snapshot))
  return {
    ...(await presentRevision(services.db, revision)),
    content: node.toJSON() as ApiRevisionContent['content'],
    text: nodeText(node),
  }
}
