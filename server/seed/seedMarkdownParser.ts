import type { JSONContent } from '@tiptap/core'
import type { MarkdownIt, StateCore, StateInline, Token } from 'markdown-it'
import type { MarkdownParser } from 'prosemirror-markdown'
import { markdownParser } from '../transfer/fromMarkdown.ts'
import { markdownTokenizer } from '../transfer/markdownTokenizer.ts'
import { REVIEW_PARAGRAPHS } from './reviewParagraphs.ts'
import { SEED_SOURCE_KEYS } from './seedSources.ts'

/** Builds the error every seed parsing problem throws: file, line, then what is wrong. */
export function seedError(fileName: string, line: number, message: string): Error {
  return new Error(`${fileName}:${line}: ${message}`)
}

/** A source line with its 1-based number in the file. */
export interface SeedLine {
  text: string
  number: number
}

/** What the seed's checks need to name a problem's place. */
interface SeedEnv {
  fileName: string
  firstLine: number
  lines: string[]
}

/** A seed citation: `[^key]`, `[^key ¶N]` or `[^key ¶N "quotation"]` (the paragraph sign only for the review). */
const CITATION = /^\[\^([a-z]+)(?: ¶(\d+))?(?: "([^"\]]+)")?\]/u

let cached: MarkdownParser | undefined

/**
 * Parses the body lines of a seed page into block nodes with the import's Markdown parser
 * (markdown-it and prosemirror-markdown over the page schema, server/transfer/), plus the
 * seed's citations `[^review ¶12 "quotation"]`. A citation's `sourceId` is the source's seed
 * key (seedSources.ts); the seed swaps it for the id of the source it inserted. The seed
 * allows a subset: `##`/`###` headings, paragraphs, `-` and numbered lists and quotes of one
 * paragraph, bold, italic and wiki links; anything else, an unknown key or an unclosed
 * construct throws, naming the file and line.
 */
export function parseSeedBlocks(lines: SeedLine[], fileName: string): JSONContent[] {
  const text = lines.map((line) => line.text).join('\n')
  if (!text.trim()) return []
  cached ??= markdownParser(seedTokenizer())
  const env: SeedEnv = { fileName, firstLine: lines[0].number, lines: lines.map((line) => line.text) }
  return cached.parse(text, env).toJSON().content ?? []
}

/** Parses one line of seed inline syntax (see parseSeedBlocks) into inline nodes. */
export function parseSeedInline(text: string, fileName: string, line: number): JSONContent[] {
  return parseSeedBlocks([{ text, number: line }], fileName)[0]?.content ?? []
}

function seedTokenizer(): MarkdownIt {
  const md = markdownTokenizer()
  md.inline.ruler.before('link', 'seed_citation', seedCitationRule)
  md.core.ruler.before('images_as_text', 'seed_checks', seedChecks)
  return md
}

function seedCitationRule(state: StateInline, silent: boolean): boolean {
  if (!state.src.startsWith('[^', state.pos)) return false
  const match = CITATION.exec(state.src.slice(state.pos, state.posMax))
  if (!match) return false
  if (!silent) state.push('seed_citation', '', 0).meta = { key: match[1], paragraph: match[2], quote: match[3] }
  state.pos += match[0].length
  return true
}

const UNSUPPORTED_BLOCKS = new Set(['table_open', 'fence', 'code_block', 'hr', 'html_block'])
const UNSUPPORTED_INLINE = new Set(['image', 's_open', 'code_inline', 'hardbreak', 'html_inline', 'footnote_ref', 'citation', 'citation_needed'])

/** Refuses what the seed subset lacks and turns seed citations into `citation` tokens. */
function seedChecks(state: StateCore): void {
  const env = state.env as unknown as SeedEnv
  const tokens = state.tokens
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]
    const row = token.map?.[0] ?? 0
    const fail = (message: string) => seedError(env.fileName, env.firstLine + row, message)
    const unsupported = () => fail(`unsupported syntax "${(env.lines[row] ?? '').slice(0, 20)}"`)
    if (UNSUPPORTED_BLOCKS.has(token.type)) throw unsupported()
    if (token.type === 'heading_open' && token.tag !== 'h2' && token.tag !== 'h3') throw fail('only "## " and "### " headings are supported')
    if (token.type === 'bullet_list_open' && token.markup !== '-') throw unsupported()
    // A row of pipes without a delimiter row is no GFM table, but meant as one.
    if (token.type === 'paragraph_open' && (env.lines[row] ?? '').startsWith('|')) throw unsupported()
    if ((token.type === 'blockquote_open' || token.type === 'list_item_open') && !holdsOneParagraph(tokens, i)) {
      throw fail(token.type === 'blockquote_open' ? 'a blockquote holds a single paragraph' : 'a list item holds a single paragraph')
    }
    if (token.type !== 'inline') continue
    const children = token.children ?? []
    children.forEach((child, at) => {
      if (UNSUPPORTED_INLINE.has(child.type)) throw unsupported()
      if (child.type === 'link_open') throw fail('plain Markdown links are not supported; use [[Title]]')
      if (child.type === 'wikilink_open') checkShownText(children, at, fail)
      if (child.type === 'seed_citation') seedCitation(child, fail)
      if (child.type === 'text') checkLeftovers(child.content, fail)
    })
  }
}

/** Whether the block opened at `index` holds exactly one paragraph. */
function holdsOneParagraph(tokens: Token[], index: number): boolean {
  const close = tokens[index].type.replace('_open', '_close')
  return tokens[index + 1]?.type === 'paragraph_open' && tokens[index + 3]?.type === 'paragraph_close' && tokens[index + 4]?.type === close
}

function checkShownText(children: Token[], open: number, fail: (message: string) => Error): void {
  let shown = ''
  for (let i = open + 1; i < children.length && children[i].type !== 'wikilink_close'; i += 1) shown += children[i].content
  const target = String(children[open].attrGet('target') ?? '')
  if (!shown.trim()) throw fail(`wiki link with empty shown text "[[${target}]]"`)
  if (/[[\]|#<>{}]/u.test(shown)) throw fail(`wiki link shown text has forbidden characters "[[${target}|${shown}]]"`)
}

function seedCitation(token: Token, fail: (message: string) => Error): void {
  const { key, paragraph, quote } = token.meta as { key: string; paragraph?: string; quote?: string }
  if (!SEED_SOURCE_KEYS.includes(key)) throw fail(`unknown source key "${key}"`)
  if (paragraph !== undefined && key !== 'review') throw fail('only the review has numbered paragraphs')
  if (paragraph !== undefined && (Number(paragraph) < 1 || Number(paragraph) > REVIEW_PARAGRAPHS)) throw fail(`the review has no paragraph ${paragraph}`)
  token.type = 'citation'
  token.meta = { attrs: { sourceId: key, locator: paragraph ? `¶${paragraph}` : '', quote: quote ?? '', note: '' } }
}

/** Markup markdown-it left as text: an unclosed or malformed construct of the seed subset. */
function checkLeftovers(text: string, fail: (message: string) => Error): void {
  const link = /\[\[([^\]]*)\]\]/u.exec(text)
  if (link) {
    const [target, shown] = link[1].split('|')
    if (!target.trim()) throw fail(`wiki link with an empty target "[[${link[1]}]]"`)
    if (shown !== undefined && !shown.trim()) throw fail(`wiki link with empty shown text "[[${link[1]}]]"`)
  }
  const open = text.indexOf('[[')
  if (open >= 0) throw fail(`unclosed wiki link "${text.slice(open, open + 30)}"`)
  if (text.includes(']]')) throw fail('"]]" without a matching "[["')
  const citation = text.indexOf('[^')
  if (citation >= 0) throw fail(`malformed citation "${text.slice(citation, citation + 30)}"; write [^key ¶N "quotation"]`)
  if (text.includes('**')) throw fail('unclosed "**" (bold)')
  if (text.includes('*')) throw fail('unclosed "*" (italic)')
  if (/<\/?[a-z]/iu.test(text)) throw fail('HTML is not supported')
}
