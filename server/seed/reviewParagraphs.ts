/**
 * The review's paragraphs, numbered as the seed pages cite them (`[^review ¶12]`): the blocks of
 * its text separated by blank lines, after the heading, byline and credit (the three blocks
 * before the first paragraph of prose) and before the site's contact footer. A block that the
 * site's layout broke in the middle of a sentence (it ends without closing punctuation, or the
 * next one starts in lower case) is joined to the next. The review has REVIEW_PARAGRAPHS
 * paragraphs; the review itself is not part of the project.
 */
export const REVIEW_PARAGRAPHS = 34

/** Splits the review's Markdown into its numbered paragraphs (index 0 is ¶1). */
export function reviewParagraphs(markdown: string): string[] {
  const blocks = markdown.split(/\n\s*\n/u).map((block) => block.replace(/\s+/gu, ' ').trim()).filter(Boolean)
  const body = blocks.slice(3)
  const footer = body.findIndex((block) => block.startsWith('To contact the WSWS'))
  const paragraphs: string[] = []
  let pending = ''
  const prose = footer < 0 ? body : body.slice(0, footer)
  for (const [index, block] of prose.entries()) {
    pending = pending ? `${pending} ${block}` : block
    const next = prose[index + 1] ?? ''
    if (/[.!?:"”)]$/u.test(pending) && !/^\p{Ll}/u.test(next)) {
      paragraphs.push(pending)
      pending = ''
    }
  }
  if (pending) paragraphs.push(pending)
  return paragraphs
}
