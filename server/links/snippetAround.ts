/** A short piece of text around a link, and where the link sits in it. */
export interface Snippet {
  text: string
  from: number
  to: number
}

/** Longest snippet kept, in characters (a long sentence is cut around the link). */
export const MAX_SNIPPET = 240
const CONTEXT = 100

// A sentence ends at . ! ? or … (with closing quotes or brackets) followed by a space and a
// capital, digit or opening quote; "Dear Comrades! is a film" is one sentence, not two.
const SENTENCE_END = /[.!?…]["'”’»)\]]*\s+(?=[\p{Lu}\p{N}"'“‘«(])/gu

/**
 * The sentence of `text` that holds the link at [from, to), cut to about MAX_SNIPPET
 * characters around the link at word boundaries, with "…" where it was cut.
 */
export function snippetAround(text: string, from: number, to: number): Snippet {
  let start = 0
  let end = text.length
  for (const match of text.matchAll(SENTENCE_END)) {
    const boundary = match.index + match[0].length
    if (boundary <= from) start = boundary
    else if (match.index >= to) {
      end = match.index + match[0].trimEnd().length
      break
    }
  }
  let prefix = ''
  let suffix = ''
  if (end - start > MAX_SNIPPET) {
    const room = Math.max(CONTEXT, Math.floor((MAX_SNIPPET - (to - from)) / 2))
    if (from - start > room) {
      start = wordStart(text, from - room, from)
      prefix = '…'
    }
    if (end - to > room) {
      end = wordEnd(text, to + room, to)
      suffix = '…'
    }
  }
  const raw = text.slice(start, end)
  const lead = raw.length - raw.trimStart().length
  const body = raw.trim()
  return {
    text: `${prefix}${body}${suffix}`,
    from: prefix.length + Math.max(0, from - start - lead),
    to: prefix.length + Math.min(body.length, to - start - lead),
  }
}

/** The start of the first word at or after `at`, never past `limit`. */
function wordStart(text: string, at: number, limit: number): number {
  const space = text.indexOf(' ', at)
  return space === -1 || space + 1 > limit ? at : space + 1
}

/** The end of the last word at or before `at`, never before `limit`. */
function wordEnd(text: string, at: number, limit: number): number {
  const space = text.lastIndexOf(' ', at)
  return space < limit ? at : space
}
