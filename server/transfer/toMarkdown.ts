import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model'
import { MarkdownSerializer } from 'prosemirror-markdown'
import { documentSchema } from '../../shared/editor/documentSchema.ts'
import { FootnoteNumbers } from './citationFootnotes.ts'
import { MARKDOWN_MARKS, MARKDOWN_NODES, type MarkToMarkdown, type NodeToMarkdown } from './markdownTable.ts'
import type { MarkdownOptions } from './MarkdownOptions.ts'

let cached: MarkdownSerializer | undefined

/** What an export knows beyond the document: the formatted text of the space's sources, by id. */
export interface MarkdownContext {
  sourceText?: (sourceId: string) => string | undefined
  /** The site's origin, for links to attachments (images, files); none = paths on the site. */
  origin?: string
  /** Where an attachment URL points in a zip that carries the file (a relative path), if it does. */
  attachmentPath?: (src: string) => string | undefined
}

/**
 * A page's content as Markdown: wiki links as `[[Title]]`, citations as footnotes `[^n]`
 * defined at the end. Nodes and marks without a row in markdownTable.ts degrade to their
 * text, so a page never fails to export.
 */
export function toMarkdown(node: ProseMirrorNode, context: MarkdownContext = {}): string {
  cached ??= markdownSerializer(documentSchema())
  return serializeMarkdown(cached, node, context)
}

/** Writes `node` with `serializer`: tight lists, footnote definitions last, one newline at the end. */
export function serializeMarkdown(serializer: MarkdownSerializer, node: ProseMirrorNode, context: MarkdownContext = {}): string {
  const options: MarkdownOptions = {
    tightLists: true, serializer, footnotes: new FootnoteNumbers(), sourceText: context.sourceText ?? (() => undefined), origin: context.origin ?? '',
    attachmentPath: context.attachmentPath ?? (() => undefined),
  }
  const markdown = serializer.serialize(node, options)
  const definitions = options.footnotes.definitions()
  const whole = [markdown, definitions].filter(Boolean).join('\n\n')
  return whole ? `${whole}\n` : ''
}

/** The Markdown serializer of a schema: the rows of markdownTable.ts, and text for anything else. */
export function markdownSerializer(schema: Schema): MarkdownSerializer {
  const nodes: Record<string, NodeToMarkdown> = {}
  for (const type of Object.values(schema.nodes)) nodes[type.name] = MARKDOWN_NODES[type.name]?.toMarkdown ?? asText
  const marks: Record<string, MarkToMarkdown> = {}
  for (const type of Object.values(schema.marks)) marks[type.name] = MARKDOWN_MARKS[type.name]?.toMarkdown ?? { open: '', close: '' }
  return new MarkdownSerializer(nodes, marks)
}

/** The fallback for a node nobody taught Markdown: its text, as a block or inline. */
const asText: NodeToMarkdown = (state, node, parent, index) => {
  if (node.isTextblock) {
    state.renderInline(node)
    state.closeBlock(node)
  } else if (node.isBlock && !node.isLeaf) {
    state.renderContent(node)
  } else {
    // A TipTap node's renderText is its spec's toText; a plain ProseMirror node's, leafText.
    const spec = node.type.spec as { toText?: (props: { node: ProseMirrorNode; pos: number; parent: ProseMirrorNode; index: number }) => string }
    const text = node.isLeaf ? String(node.type.spec.leafText?.(node) ?? spec.toText?.({ node, pos: 0, parent, index }) ?? '') : node.textContent
    if (node.isBlock) {
      state.text(text)
      state.closeBlock(node)
    } else {
      state.text(text)
    }
  }
}
