import * as Y from 'yjs'
import { loadDocument } from '../documents/compactDocument.ts'
import type { Services } from '../core/Services.ts'

/**
 * A private copy of a page's whole document (gc disabled, every item ever written): its stored
 * state plus the log rows not yet compacted, which hold every acknowledged edit. History reads
 * this copy, so rebuilding a snapshot never touches the live document clients edit.
 */
export async function loadPageDocument(services: Services, pageId: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false })
  await loadDocument(services, pageId, doc)
  return doc
}
