import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { normalizeTitle } from '../../../shared/wikiTitle.ts'
import { loadSeedPages, seedPageLinks, seedPageText, type SeedPage } from '../../../server/seed/parseSeedPage.ts'
import { SEED_START_PAGE } from '../../../server/seed/seedIfEmpty.ts'
import { followsClosely, sentenceWords, splitSentences, withoutQuotations } from '../../support/sentenceSimilarity.ts'

// Editorial checks of the seeded encyclopedia (docs/SEED.md). The review is the team's reference
// copy beside the checkout, not part of the project: the checks against its text run where it is
// present; the others always run.
const reviewFile = new URL('../../../../shared/seed/dear-comrades-review.md', import.meta.url)
const hasReview = existsSync(reviewFile)
const review = hasReview ? readFileSync(reviewFile, 'utf8') : ''
const pages = loadSeedPages()

/** A sentence shorter than this many words (quotations left out) is not compared. */
const MIN_WORDS = 8
/** A page sentence that keeps this share of a review sentence's words in order is a close paraphrase. */
const PARAPHRASE = 0.7
/** Two pages' sentences that each keep this share of the other's words in order say the same thing twice. */
const REPEATED = 0.6

/** The heading of the study guide's list of red links the group is meant to fill. */
const TO_WRITE = 'Pages for the group to write'
/** How a timeline entry marks a date the review does not give. */
export const GENERAL_KNOWLEDGE = 'general knowledge, not from the review'
/** Dates the review gives, as the pages write them, each with the review's own wording. */
const REVIEW_DATES: [string, string][] = [
  ['1 June', 'June 1 meeting'], ['2 June', 'On June 2'], ['June 1962', 'June 1962'], ['2 June 1962', 'June 2, 1962'],
  ['February 1956', 'February 1956'], ['9 February 2021', '9 February 2021'], ['9 February', '9 February 2021'], ['1917', '1917'], ['1930s', '1930s'],
  ['1936', '(1936)'], ['1937', 'born in 1937'], ['1938', 'in 1938'], ['1940', 'in 1940'], ['1950s', '1950s'],
  ['1953', 'In 1953'], ['1956', 'In 1956'], ['1961–1962', '1961–1962'], ['1961–1964', '1961–1964'], ['1962', '1962'],
  ['1964', 'In 1964'], ['1968', 'In 1968'], ['1988', 'until 1988'], ['1992–1994', '1992–1994'], ['2021', '2021'],
]
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December'
const DATE = new RegExp(`\\b(?:\\d{1,2} (?:${MONTHS})(?: \\d{4})?|(?:${MONTHS}) \\d{4}|\\d{4}(?:–\\d{4}|s)?)\\b`, 'gu')

/** Every block of text (paragraph, heading, list item) of a document, citations left out. */
function blocks(doc: JSONContent): string[] {
  if (doc.type === 'paragraph' || doc.type === 'heading') return [seedPageText(doc)]
  return (doc.content ?? []).flatMap(blocks)
}

/** The document without its links' text (a linked title's years are not a date the page gives). */
function withoutLinks(doc: JSONContent): JSONContent {
  if (doc.type === 'text') return doc.marks?.some((mark) => mark.type === 'wikiLink') ? { type: 'text', text: '' } : doc
  return doc.content ? { ...doc, content: doc.content.map(withoutLinks) } : doc
}

/** A page's sentences long enough to compare, each with its words outside quotations. */
function sentencesOf(page: SeedPage): { page: string; sentence: string; words: string[] }[] {
  return blocks(page.doc).flatMap(splitSentences).map((sentence) => ({ page: page.title, sentence, words: sentenceWords(withoutQuotations(sentence)) }))
    .filter(({ words }) => words.length >= MIN_WORDS)
}

/** Text as quotations are compared: straight quotes, no emphasis, one space, lower case. */
function normalized(text: string): string {
  return text.replace(/[“”]/gu, '"').replace(/[‘’]/gu, "'").replace(/\*/gu, '').replace(/\s+/gu, ' ').toLowerCase()
}

/** Every quotation of a page: its "…" passages and its citations' quotations. */
function quotations(doc: JSONContent): string[] {
  const own = doc.type === 'citation' && doc.attrs?.quote ? [String(doc.attrs.quote)] : []
  const text = doc.type === 'text' ? [...(doc.text ?? '').matchAll(/"([^"]+)"|“([^”]+)”/gu)].map((m) => m[1] ?? m[2]) : []
  return [...own, ...text, ...(doc.content ?? []).flatMap(quotations)]
}

/** Targets linked from some page that no page has. */
function redLinks(): Map<string, string> {
  const keys = new Set(pages.map((page) => normalizeTitle(page.title)))
  const red = new Map<string, string>()
  for (const page of pages) {
    for (const target of seedPageLinks(page.doc)) if (!keys.has(normalizeTitle(target))) red.set(normalizeTitle(target), `${page.title} → ${target}`)
  }
  return red
}

describe('the seeded encyclopedia, read as an editor would', () => {
  it('says nothing twice: no two pages share a near-identical sentence (each fact lives on its page, others link to it).', () => {
    const all = pages.flatMap(sentencesOf)
    const repeated: string[] = []
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        if (a.page !== b.page && Math.min(followsClosely(a.words, b.words), followsClosely(b.words, a.words)) >= REPEATED) {
          repeated.push(`${a.page}: ${a.sentence}\n  = ${b.page}: ${b.sentence}`)
        }
      }
    }
    expect(repeated).toEqual([])
  })

  it('lists every red link on the study guide as a page for the group to write, and lists nothing else there.', () => {
    const guide = pages.find((page) => page.title === SEED_START_PAGE)!
    const content = guide.doc.content ?? []
    const start = content.findIndex((block) => block.type === 'heading' && seedPageText(block) === TO_WRITE)
    expect(start, `the study guide has a "${TO_WRITE}" section`).toBeGreaterThanOrEqual(0)
    const end = content.findIndex((block, i) => i > start && block.type === 'heading')
    const listed = new Set(content.slice(start + 1, end < 0 ? undefined : end).flatMap(seedPageLinks).map(normalizeTitle))
    const red = redLinks()
    expect([...red].filter(([key]) => !listed.has(key)).map(([, where]) => where)).toEqual([])
    expect([...listed].filter((key) => !red.has(key))).toEqual([])
    expect(listed.size).toBeGreaterThan(0)
  })

  it('dates every timeline entry only with dates the review gives, or marks the entry as general knowledge.', () => {
    const timeline = pages.find((page) => page.title === 'Timeline of Novocherkassk 1962')!
    const known = new Set(REVIEW_DATES.map(([date]) => date))
    const undated = blocks(withoutLinks(timeline.doc)).flatMap((block) => {
      if (block.includes(GENERAL_KNOWLEDGE)) return []
      return [...block.matchAll(DATE)].map((m) => m[0]).filter((date) => !known.has(date)).map((date) => `${date}: ${block}`)
    })
    expect(undated).toEqual([])
  })

  it.skipIf(!hasReview)('knows the dates it accepts from the review’s own text.', () => {
    for (const [, wording] of REVIEW_DATES) expect(review, wording).toContain(wording)
  })

  it.skipIf(!hasReview)('quotes the review word for word: every quotation stands in it (quotes and case normalised).', () => {
    const source = normalized(review)
    const quoted = pages.flatMap((page) => quotations(page.doc).map((quote) => ({ page: page.title, quote })))
    expect(quoted.length).toBeGreaterThan(20)
    const missing = quoted.filter(({ quote }) => !source.includes(normalized(quote).replace(/[.,;:]$/u, '')))
    expect(missing.map(({ page, quote }) => `${page}: "${quote}"`)).toEqual([])
  })

  it.skipIf(!hasReview)('paraphrases no review sentence closely: no page sentence keeps most of a review sentence’s words in order.', () => {
    const source = splitSentences(review.replace(/\*/gu, '')).map((sentence) => ({ sentence, words: sentenceWords(sentence) }))
    const close = pages.flatMap(sentencesOf).flatMap(({ page, sentence, words }) => {
      const match = source.find((r) => followsClosely(words, r.words) >= PARAPHRASE)
      return match ? [`${page}: ${sentence}\n  ~ ${match.sentence}`] : []
    })
    expect(close).toEqual([])
  })
})
