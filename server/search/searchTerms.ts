import { hasCyrillic, isLatin, toCyrillic, toLatin } from '../../shared/transliterate.ts'

/** What a typed query becomes for the database: its words and the forms they are matched in. */
export interface SearchTerms {
  /** The words as typed, lower case (NFC). */
  words: string[]
  /** For each word, its spelling in the other script (Cyrillic ↔ Latin), or null. */
  alternates: (string | null)[]
  /** The whole query in Latin script, compared with titles by trigram similarity. */
  fuzzy: string
  /** Whether the last word is matched as a prefix (search-as-you-type). */
  prefix: boolean
}

const MAX_WORDS = 8
const MAX_WORD_LENGTH = 60
// A one-letter prefix matches nearly every page: wait for a second letter.
const MIN_PREFIX_LENGTH = 2
const WORD = /[\p{L}\p{M}\p{N}]+/gu

/** Title and alias text in the form search compares titles in: Latin script, words only. */
export function titleKeyText(title: string): string {
  return (toLatin(title.normalize('NFC').toLowerCase()).match(WORD) ?? []).join(' ')
}

/**
 * Splits a query into words (letters and digits; punctuation and operators are ignored, so
 * nothing typed can break the query syntax) and adds their transliterations. Null when the
 * query has no word.
 */
export function searchTerms(query: string): SearchTerms | null {
  const words = (query.normalize('NFC').toLowerCase().match(WORD) ?? [])
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH))
  if (!words.length) return null
  const alternates = words.map((word) => {
    if (hasCyrillic(word)) return toLatin(word)
    if (isLatin(word)) return toCyrillic(word)
    return null
  })
  return {
    words,
    alternates,
    fuzzy: toLatin(words.join(' ')),
    prefix: words[words.length - 1].length >= MIN_PREFIX_LENGTH,
  }
}
