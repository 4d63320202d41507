import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { defaultMarkdownSerializer, MarkdownSerializer, type MarkdownSerializerState } from 'prosemirror-markdown'
import type * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'

type NodeWriter = (state: MarkdownSerializerState, node: ProseMirrorNode, parent: ProseMirrorNode, index: number) => void

const base = defaultMarkdownSerializer.nodes
/** The page schema's names for prosemirror-markdown's stock nodes. */
const NODES: Record<string, NodeWriter> = {
  blockquote: base.blockquote, codeBlock: base.code_block, heading: base.heading, horizontalRule: base.horizontal_rule,
  bulletList: base.bullet_list, orderedList: base.ordered_list, listItem: base.list_item, paragraph: base.paragraph,
  image: base.image, hardBreak: base.hard_break, text: base.text,
}

const marks = defaultMarkdownSerializer.marks
const MARKS = {
  italic: marks.em, bold: marks.strong, link: marks.link, code: marks.code,
  strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
  wikiLink: { open: '[[', close: ']]' },
}

/** A node without a stock writer (tables, callouts, citations...): its text, never nothing. */
const asText: NodeWriter = (state, node) => {
  if (node.isTextblock) {
    state.renderInline(node)
    state.closeBlock(node)
  } else if (node.isBlock && !node.isLeaf) {
    state.renderContent(node)
  } else {
    state.text(node.textContent, false)
  }
}

let serializer: MarkdownSerializer | undefined

/**
 * The page held by `doc` — as this tab has it, unsent edits included — as Markdown: headings,
 * lists, quotes, code, emphasis and links as Markdown, wiki links as `[[Title]]`, every other
 * block as its text. For handing a writer their words when the server will not take them.
 */
export function documentMarkdown(doc: Y.Doc): string {
  const schema = documentSchema()
  if (!serializer) {
    const nodes: Record<string, NodeWriter> = {}
    for (const name of Object.keys(schema.nodes)) nodes[name] = NODES[name] ?? asText
    const known: Record<string, (typeof MARKS)[keyof typeof MARKS]> = MARKS
    const allMarks: Record<string, (typeof MARKS)[keyof typeof MARKS]> = {}
    for (const name of Object.keys(schema.marks)) allMarks[name] = known[name] ?? { open: '', close: '' }
    serializer = new MarkdownSerializer(nodes, allMarks)
  }
  const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(CONTENT_FIELD), schema)
  return `${serializer.serialize(root, { tightLists: true })}\n`
}
