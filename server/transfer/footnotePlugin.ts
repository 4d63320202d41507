import type { MarkdownIt, StateCore, Token } from 'markdown-it'
import footnote from 'markdown-it-footnote'
import { footnoteMeaning } from './citationFootnotes.ts'
import type { MarkdownEnv } from './wikiLinkPlugin.ts'

/** What markdown-it-footnote keeps in the environment while it parses. */
interface FootnoteEnv {
  footnotes?: { list?: { label?: string; tokens?: Token[] }[] }
}

/**
 * A markdown-it plugin reading footnotes (markdown-it-footnote: `[^label]` with `[^label]: …`,
 * and inline `^[…]`) as citations: each reference becomes a `citation` token (a source of the
 * space when its text starts with one's formatted text, `env.sources`, else a note) or a
 * `citation_needed` token. The definitions leave the text; one nobody refers to stays, as text.
 */
export function footnotePlugin(md: MarkdownIt): void {
  md.use(footnote)
  md.core.ruler.before('footnote_tail', 'footnote_citations', footnotesAsCitations)
}

function footnotesAsCitations(state: StateCore): void {
  const env = state.env as MarkdownEnv & FootnoteEnv
  if (!env.footnotes) return
  const definitions = new Map<string, Token[]>()
  const kept: Token[] = []
  let current: Token[] | null = null
  for (const token of state.tokens) {
    if (token.type === 'footnote_reference_open') {
      current = []
      const label = String(token.meta?.label)
      if (!definitions.has(label)) definitions.set(label, current)
    } else if (token.type === 'footnote_reference_close') {
      current = null
    } else {
      (current ?? kept).push(token)
    }
  }
  const used = new Set<string>()
  const sources = env.sources ?? new Map<string, string>()
  for (const block of kept) {
    for (const token of block.children ?? []) {
      if (token.type !== 'footnote_ref') continue
      const label = token.meta?.label as string | undefined
      if (label !== undefined) used.add(label)
      const text = label !== undefined
        ? (definitions.get(label) ?? []).filter((t) => t.type === 'inline').map((t) => plainText(t.children ?? [])).join(' ')
        : plainText(env.footnotes.list?.[Number(token.meta?.id)]?.tokens ?? [])
      const meaning = footnoteMeaning(text, sources)
      token.type = meaning.type === 'citation' ? 'citation' : 'citation_needed'
      token.meta = meaning.type === 'citation' ? { attrs: meaning.attrs } : {}
    }
  }
  // A definition nobody refers to keeps its text, as the blocks it holds.
  for (const [label, tokens] of definitions) if (!used.has(label)) kept.push(...tokens)
  state.tokens = kept
  delete env.footnotes
}

/** The plain text of inline tokens: text, escapes, entities and code, breaks as spaces. */
function plainText(tokens: Token[]): string {
  let text = ''
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'text_special' || token.type === 'code_inline') text += token.content
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' '
    else if (token.type === 'image') text += plainText(token.children ?? [])
  }
  return text
}
