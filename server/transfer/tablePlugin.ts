import type { MarkdownIt, StateCore, Token } from 'markdown-it'

/** Written between a cell's paragraphs (and for a hard break) in a GFM cell, which holds one line. */
export const CELL_BREAK = '<br>'

/**
 * A markdown-it plugin for GFM tables as the page schema has them: a cell holds blocks, so each
 * cell's inline content becomes a paragraph — one per `<br>`-separated part (how an export
 * writes a cell of several paragraphs). markdown-it's own `table` rule does the parsing.
 */
export function tablePlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'table_cell_paragraphs', cellParagraphs)
}

function cellParagraphs(state: StateCore): void {
  const out: Token[] = []
  let inCell = false
  for (const token of state.tokens) {
    if (token.type === 'th_open' || token.type === 'td_open') inCell = true
    else if (token.type === 'th_close' || token.type === 'td_close') inCell = false
    else if (inCell && token.type === 'inline') {
      for (const part of splitAtBreaks(state, token)) {
        out.push(new state.Token('paragraph_open', 'p', 1), part, new state.Token('paragraph_close', 'p', -1))
      }
      continue
    }
    out.push(token)
  }
  state.tokens = out
}

/** The inline token cut into several at each `<br>` written outside any mark or link. */
function splitAtBreaks(state: StateCore, inline: Token): Token[] {
  const parts: Token[][] = [[]]
  let depth = 0
  for (const child of inline.children ?? []) {
    if (child.type !== 'text' || depth > 0 || !child.content.includes(CELL_BREAK)) {
      depth += child.nesting
      parts.at(-1)!.push(child)
      continue
    }
    child.content.split(CELL_BREAK).forEach((piece, i) => {
      if (i > 0) parts.push([])
      if (piece === '') return
      const text = new state.Token('text', '', 0)
      text.content = piece
      parts.at(-1)!.push(text)
    })
  }
  return parts.map((children) => {
    const token = new state.Token('inline', '', 0)
    token.children = children
    token.content = children.map((child) => child.content).join('')
    return token
  })
}
