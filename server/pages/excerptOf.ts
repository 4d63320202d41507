/** How long an excerpt may be, in characters (a hover card shows a few lines). */
export const EXCERPT_LENGTH = 300

/**
 * The first paragraph of a page's plain text (blocks are separated by blank lines), cut at a
 * word near `max` characters with an ellipsis. Blocks of a word or two (a lone heading, an
 * image caption) are passed over while a longer block follows.
 */
export function excerptOf(text: string, max = EXCERPT_LENGTH): string {
  const blocks = text.split(/\n\s*\n/u).map((b) => b.replace(/\s+/gu, ' ').trim()).filter(Boolean)
  const first = blocks.find((b) => b.split(' ').length > 3) ?? blocks[0] ?? ''
  if (first.length <= max) return first
  const cut = first.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, '')}…`
}
