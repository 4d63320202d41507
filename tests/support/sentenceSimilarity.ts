/**
 * Measures how closely one sentence follows another, word by word: the seed checks use it to
 * find close paraphrase (a source's sentence with synonyms swapped in keeps most of its words in
 * their order) and sentences repeated across pages.
 */

/** Lowercase words of a text, punctuation and quotation marks dropped. */
export function sentenceWords(text: string): string[] {
  return text.toLowerCase().replace(/[’']/gu, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

/**
 * A text's sentences: split after . ! or ? (and any closing quote or bracket) before a capital,
 * quote, bracket or digit, but not after an initial ("Iu. Rukhman") or the film's title.
 */
export function splitSentences(text: string): string[] {
  // The film's title ends in "!" mid-sentence: kept from ending one.
  return text.replace(/Comrades!/gu, 'Comrades\uE000').split(/\n+/u)
    .flatMap((line) => line.split(/(?<!(?:^|[\s"“])\p{Lu}\p{Ll}?\.)(?<=[.!?]["”’)]*)\s+(?=[\p{Lu}"“(‘\d])/u))
    .map((s) => s.replace(/Comrades\uE000/gu, 'Comrades!').trim()).filter(Boolean)
}

/** The text with every quotation ("…" or “…”) taken out: quoting a source word for word is allowed. */
export function withoutQuotations(text: string): string {
  return text.replace(/"[^"]*"|“[^”]*”/gu, ' ')
}

/** Length of the longest common subsequence of two word lists. */
function commonSubsequence(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0)
  for (const word of a) {
    const row = new Array<number>(b.length + 1).fill(0)
    for (let j = 0; j < b.length; j += 1) row[j + 1] = word === b[j] ? previous[j] + 1 : Math.max(previous[j + 1], row[j])
    previous = row
  }
  return previous[b.length]
}

/**
 * How much of sentence `a` follows sentence `b` in order: the share of a's words that form a
 * common subsequence with b's (0 to 1). Swapping synonyms lowers it only word by word.
 */
export function followsClosely(a: string[], b: string[]): number {
  return a.length === 0 ? 0 : commonSubsequence(a, b) / a.length
}
