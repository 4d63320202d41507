import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'
import { fragmentToNode } from '../internals/fragmentToNode.ts'

/**
 * The page's content as a ProseMirror node of the shared schema. Reads only: the live
 * document is never changed by reading it, whatever it holds.
 */
export function pageNode(doc: Y.Doc): ProseMirrorNode {
  const content = doc.share.get(CONTENT_FIELD)
  return content ? fragmentToNode(doc.getXmlFragment(CONTENT_FIELD), documentSchema()) : documentSchema().topNodeType.create()
}

/** Plain text of a page node: blocks separated by blank lines. */
export function nodeText(node: ProseMirrorNode): string {
  // A leaf with text of its own (a citation's note) gives it; other leaves are a space.
  return node.textBetween(0, node.content.size, '\n\n', (leaf) => leaf.type.spec.leafText?.(leaf) ?? ' ')
}
