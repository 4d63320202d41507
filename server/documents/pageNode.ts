import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'

/** The page's content as a ProseMirror node of the shared schema. */
export function pageNode(doc: Y.Doc): ProseMirrorNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(CONTENT_FIELD), documentSchema())
}

/** Plain text of a page node: blocks separated by blank lines. */
export function nodeText(node: ProseMirrorNode): string {
  return node.textBetween(0, node.content.size, '\n\n', ' ')
}
