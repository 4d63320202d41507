import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { Token } from 'markdown-it'
import type { MarkdownSerializerState, ParseSpec } from 'prosemirror-markdown'
import { codeLanguageOf } from '../../shared/editor/codeLanguages.ts'
import { footnoteTextOf } from './citationFootnotes.ts'
import type { MarkdownOptions } from './MarkdownOptions.ts'
import { writeTable } from './writeTable.ts'

/** How one node type is written as Markdown (prosemirror-markdown's node serializer). */
export type NodeToMarkdown = (state: MarkdownSerializerState, node: ProseMirrorNode, parent: ProseMirrorNode, index: number) => void

/** How one mark type is written as Markdown (prosemirror-markdown's mark serializer). */
export interface MarkToMarkdown {
  open: string | ((state: MarkdownSerializerState, mark: Mark, parent: ProseMirrorNode, index: number) => string)
  close: string | ((state: MarkdownSerializerState, mark: Mark, parent: ProseMirrorNode, index: number) => string)
  mixable?: boolean
  expelEnclosingWhitespace?: boolean
  escape?: boolean
}

/**
 * Markdown for each node of the document schema, both ways: `toMarkdown` writes it,
 * `fromTokens` maps markdown-it token names (without `_open`/`_close`) to it. A node that is
 * not in this table is still exported: as its text (see toMarkdown.ts). A feature that adds a
 * node adds its row here (docs/TRANSFER.md, "Adding a node").
 */
export const MARKDOWN_NODES: Record<string, { toMarkdown: NodeToMarkdown; fromTokens?: Record<string, ParseSpec> }> = {
  paragraph: {
    toMarkdown: (state, node) => { state.renderInline(node); state.closeBlock(node) },
    fromTokens: { paragraph: { block: 'paragraph' } },
  },
  heading: {
    toMarkdown: (state, node) => {
      state.write(`${state.repeat('#', Number(node.attrs.level))} `)
      state.renderInline(node, false)
      state.closeBlock(node)
    },
    fromTokens: { heading: { block: 'heading', getAttrs: (tok: Token) => ({ level: Number(tok.tag.slice(1)) }) } },
  },
  blockquote: {
    toMarkdown: (state, node) => state.wrapBlock('> ', null, node, () => state.renderContent(node)),
    fromTokens: { blockquote: { block: 'blockquote' } },
  },
  bulletList: {
    toMarkdown: (state, node) => state.renderList(node, '  ', () => '- '),
    fromTokens: { bullet_list: { block: 'bulletList' } },
  },
  orderedList: {
    toMarkdown: (state, node) => {
      const start = Number(node.attrs.start ?? 1)
      const width = String(start + node.childCount - 1).length
      state.renderList(node, state.repeat(' ', width + 2), (i) => {
        const number = String(start + i)
        return `${state.repeat(' ', width - number.length)}${number}. `
      })
    },
    fromTokens: { ordered_list: { block: 'orderedList', getAttrs: (tok: Token) => ({ start: Number(tok.attrGet('start') ?? 1) }) } },
  },
  listItem: {
    toMarkdown: (state, node) => state.renderContent(node),
    fromTokens: { list_item: { block: 'listItem' } },
  },
  codeBlock: {
    toMarkdown: (state, node) => {
      const runs = node.textContent.match(/`{3,}/gmu)
      const fence = runs ? `${runs.sort().at(-1)}\`` : '```'
      state.write(`${fence}${String(node.attrs.language ?? '')}\n`)
      state.text(node.textContent, false)
      state.write('\n')
      state.write(fence)
      state.closeBlock(node)
    },
    fromTokens: {
      code_block: { block: 'codeBlock', noCloseToken: true },
      fence: { block: 'codeBlock', noCloseToken: true, getAttrs: (tok: Token) => ({ language: codeLanguageOf(tok.info.trim().split(/\s/u)[0]) }) },
    },
  },
  horizontalRule: {
    toMarkdown: (state, node) => { state.write('---'); state.closeBlock(node) },
    fromTokens: { hr: { node: 'horizontalRule' } },
  },
  hardBreak: {
    toMarkdown: (state, node, parent, index) => {
      for (let i = index + 1; i < parent.childCount; i += 1) {
        if (parent.child(i).type !== node.type) {
          state.write('\\\n')
          return
        }
      }
    },
    fromTokens: { hardbreak: { node: 'hardBreak' } },
  },
  // An image or file links to its file in a space's zip, else to its attachment on the wiki: `![alt](url "caption")`, `[name](url)`.
  image: {
    toMarkdown: (state, node) => {
      const caption = String(node.attrs.caption ?? '')
      if (!node.attrs.src) return void state.text(String(node.attrs.alt ?? ''))
      const title = caption ? ` "${caption.replace(/["\\]/gu, '\\$&').replace(/\s+/gu, ' ')}"` : ''
      state.write(`![${state.esc(String(node.attrs.alt ?? ''))}](${attachmentHref(state, node)}${title})`)
      state.closeBlock(node)
    },
    fromTokens: { attachment_image: { node: 'image', getAttrs: (tok: Token) => (tok.meta as { attrs: Record<string, string> }).attrs } },
  },
  fileAttachment: {
    toMarkdown: (state, node) => {
      state.write(`[${state.esc(String(node.attrs.name ?? 'file'))}](${attachmentHref(state, node)})`)
      state.closeBlock(node)
    },
    fromTokens: { attachment_file: { node: 'fileAttachment', getAttrs: (tok: Token) => (tok.meta as { attrs: Record<string, string | number> }).attrs } },
  },
  // GFM tables (writeTable.ts, tablePlugin.ts); markdown-it's thead/tbody have no node.
  table: {
    toMarkdown: writeTable,
    fromTokens: {
      table: { block: 'table' }, thead: { ignore: true }, tbody: { ignore: true },
      tr: { block: 'tableRow' }, th: { block: 'tableHeader' }, td: { block: 'tableCell' },
    },
  },
  // Footnotes `[^n]`, defined at the end of the file (citationFootnotes.ts, footnotePlugin.ts).
  citation: { toMarkdown: footnoteReference, fromTokens: { citation: { node: 'citation', getAttrs: (tok: Token) => (tok.meta as { attrs: Record<string, string> }).attrs } } },
  citationNeeded: { toMarkdown: footnoteReference, fromTokens: { citation_needed: { node: 'citationNeeded' } } },
  text: {
    toMarkdown: (state, node) => state.text(node.text ?? ''),
  },
}

/** Where an image or file links: its file in the zip, or its attachment URL on the site. */
function attachmentHref(state: MarkdownSerializerState, node: ProseMirrorNode): string {
  const { origin, attachmentPath } = state.options as MarkdownOptions
  const src = String(node.attrs.src ?? '')
  return attachmentPath(src) ?? `${origin}${src}`
}

/** A citation or citation-needed marker: `[^n]`, its definition kept for the end of the file. */
function footnoteReference(state: MarkdownSerializerState, node: ProseMirrorNode): void {
  const { footnotes, sourceText } = state.options as MarkdownOptions
  state.write(`[^${footnotes.numberFor(state.esc(footnoteTextOf(node, sourceText), true))}]`)
}

/** The plain text a run of siblings carrying `mark` shows, starting at child `index`. */
function markedText(mark: Mark, parent: ProseMirrorNode, index: number): string {
  let text = ''
  for (let i = index; i < parent.childCount && mark.isInSet(parent.child(i).marks); i += 1) text += parent.child(i).textContent
  return text
}

/** Markdown for each mark of the document schema, both ways (see MARKDOWN_NODES). */
export const MARKDOWN_MARKS: Record<string, { toMarkdown: MarkToMarkdown; fromTokens?: Record<string, ParseSpec> }> = {
  italic: { toMarkdown: { open: '*', close: '*', mixable: true, expelEnclosingWhitespace: true }, fromTokens: { em: { mark: 'italic' } } },
  bold: { toMarkdown: { open: '**', close: '**', mixable: true, expelEnclosingWhitespace: true }, fromTokens: { strong: { mark: 'bold' } } },
  strike: { toMarkdown: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true }, fromTokens: { s: { mark: 'strike' } } },
  code: {
    toMarkdown: {
      open: (_state, _mark, parent, index) => backticksFor(parent.child(index), -1),
      close: (_state, _mark, parent, index) => backticksFor(parent.child(index - 1), 1),
      escape: false,
    },
    fromTokens: { code_inline: { mark: 'code', noCloseToken: true } },
  },
  link: {
    toMarkdown: {
      open: '[',
      close: (_state, mark) => `](${String(mark.attrs.href ?? '').replace(/[()"\s]/gu, (c) => (c.trim() ? `\\${c}` : encodeURI(c)))})`,
      mixable: true,
    },
    fromTokens: { link: { mark: 'link', getAttrs: (tok: Token) => ({ href: tok.attrGet('href') }) } },
  },
  // `[[Title]]`, or `[[Target|shown text]]` when the text differs from the target.
  wikiLink: {
    toMarkdown: {
      open: (state, mark, parent, index) => {
        const target = String(mark.attrs.target ?? '')
        return markedText(mark, parent, index) === target ? '[[' : `[[${state.esc(target)}|`
      },
      close: ']]',
    },
    fromTokens: { wikilink: { mark: 'wikiLink', getAttrs: (tok: Token) => ({ target: tok.attrGet('target') ?? '' }) } },
  },
  // Markdown has no underline: the text stays, the underline goes.
  underline: { toMarkdown: { open: '', close: '' } },
}

/** Backticks around inline code, one more than the longest run inside (CommonMark). */
function backticksFor(node: ProseMirrorNode, side: number): string {
  const runs = (node.isText ? node.text ?? '' : '').match(/`+/gu) ?? []
  const longest = Math.max(0, ...runs.map((run) => run.length))
  const ticks = '`'.repeat(longest + 1)
  return longest > 0 ? (side > 0 ? ` ${ticks}` : `${ticks} `) : ticks
}
