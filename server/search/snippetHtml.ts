// How snippets travel from ts_headline to the API: ts_headline marks matches with two
// private-use characters, and snippetHtml turns its output into escaped HTML with <mark>.

/** Private-use characters that cannot come from the page text (they are stripped from it first). */
export const HIGHLIGHT_START = '\uE000'
export const HIGHLIGHT_END = '\uE001'
/**
 * Stand-ins for < and > while ts_headline reads the text: its parser takes `<…>` for an
 * HTML tag and drops it from the snippet. snippetHtml turns them back (escaped).
 */
export const LESS_THAN = '\uE002'
export const GREATER_THAN = '\uE003'
/** For translate(): < and > become their stand-ins, the highlight markers are deleted. */
export const SNIPPET_TRANSLATE_FROM = `<>${HIGHLIGHT_START}${HIGHLIGHT_END}`
export const SNIPPET_TRANSLATE_TO = `${LESS_THAN}${GREATER_THAN}`
/** ts_headline's options: up to two fragments of about 12 to 30 words. */
export const HEADLINE_OPTIONS = `StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}", MaxWords=30, MinWords=12, `
  + 'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'

const ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', [LESS_THAN]: '&lt;', [GREATER_THAN]: '&gt;',
}

/**
 * Turns a ts_headline result into safe HTML: every character of the page text is escaped,
 * the matched words are wrapped in <mark>, and whitespace is collapsed. The markers cannot
 * come from the text (they are stripped before ts_headline), and an unbalanced one is ignored;
 * the stand-ins for < and > become &lt; and &gt;.
 */
export function snippetHtml(headline: string): string {
  let html = ''
  let open = false
  for (const char of headline.replace(/\s+/gu, ' ').trim()) {
    if (char === HIGHLIGHT_START) {
      if (!open) html += '<mark>'
      open = true
    } else if (char === HIGHLIGHT_END) {
      if (open) html += '</mark>'
      open = false
    } else {
      html += ESCAPES[char] ?? char
    }
  }
  return open ? `${html}</mark>` : html
}
