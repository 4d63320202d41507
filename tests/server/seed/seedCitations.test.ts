import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { parseSeedInline } from '../../../server/seed/seedMarkdownParser.ts'
import { loadSeedPages } from '../../../server/seed/parseSeedPage.ts'
import { REVIEW_PARAGRAPHS, reviewParagraphs } from '../../../server/seed/reviewParagraphs.ts'

// The review is the team's reference copy beside the checkout, not part of the project: the
// checks against its text run where it is present (as the copying check in seedContent does).
const reviewFile = new URL('../../../../shared/seed/dear-comrades-review.md', import.meta.url)
const pages = loadSeedPages()

/** A citation with the sentence it stands after (the text since the previous sentence's end). */
interface CitedSentence {
  page: string
  attrs: Record<string, string>
  sentence: string
}

/** Every citation of a document, each with the sentence it closes. */
function citedSentences(page: string, doc: JSONContent): CitedSentence[] {
  if (doc.type === 'paragraph' || doc.type === 'heading') {
    let text = ''
    const out: CitedSentence[] = []
    for (const node of doc.content ?? []) {
      if (node.type === 'text') text += node.text ?? ''
      if (node.type === 'citation') {
        const sentences = text.trim().split(/(?<=[.!?]["”)]*)\s+(?=[\p{Lu}"“(])/u)
        out.push({ page, attrs: node.attrs as Record<string, string>, sentence: sentences.at(-1) ?? '' })
      }
    }
    return out
  }
  return (doc.content ?? []).flatMap((child) => citedSentences(page, child))
}

const all = pages.flatMap((page) => citedSentences(page.title, page.doc))

const STOP = new Set(['about', 'after', 'also', 'among', 'because', 'been', 'before', 'being', 'between', 'both', 'could', 'does', 'down', 'during', 'each', 'even', 'every', 'from', 'have', 'here', 'into', 'just', 'many', 'more', 'most', 'much', 'only', 'other', 'over', 'same', 'should', 'some', 'still', 'such', 'than', 'that', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'under', 'until', 'upon', 'very', 'were', 'what', 'when', 'where', 'which', 'while', 'whom', 'whose', 'will', 'with', 'within', 'without', 'would', 'according', 'review', 'film', 'says'])

/** Content words: four letters or more, not a function word; the review's "Novochoerkassk" read as the usual spelling. */
function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().replace(/’/gu, "'").split(/[^\p{L}\p{N}']+/u)
    .map((word) => word.replace(/'s$/u, '').replace(/^'|'$/gu, '').replace('novochoerkassk', 'novocherkassk'))
    .filter((word) => word.length >= 4 && !STOP.has(word)))
}

describe('the seeded pages’ citations', () => {
  it('gives every page at least one citation of the review, with a paragraph as its locator.', () => {
    for (const page of pages) {
      const review = citedSentences(page.title, page.doc).filter(({ attrs }) => attrs.sourceId === 'review')
      expect(review.length, page.title).toBeGreaterThan(0)
      for (const { attrs } of review) expect(attrs.locator, page.title).toMatch(/^¶\d+$/u)
    }
  })

  it('cites at the claims: most pages cite the review at three places or more.', () => {
    const spread = pages.filter((page) => citedSentences(page.title, page.doc).length >= 3)
    expect(spread.length).toBeGreaterThanOrEqual(pages.length - 2)
  })

  it('turns [^key ¶N "quotation"] into a citation node holding the key, the paragraph and the quotation.', () => {
    expect(parseSeedInline('Shots were fired.[^review ¶10 "KGB snipers"] Then[^trotsky].', 'x.md', 1)).toEqual([
      { type: 'text', text: 'Shots were fired.' },
      { type: 'citation', attrs: { sourceId: 'review', locator: '¶10', quote: 'KGB snipers', note: '' } },
      { type: 'text', text: ' Then' },
      { type: 'citation', attrs: { sourceId: 'trotsky', locator: '', quote: '', note: '' } },
      { type: 'text', text: '.' },
    ])
  })

  it('refuses an unknown key, a paragraph the review does not have, a paragraph of another work and a malformed citation.', () => {
    expect(() => parseSeedInline('a[^wikipedia ¶2]', 'x.md', 3)).toThrow('x.md:3: unknown source key "wikipedia"')
    expect(() => parseSeedInline(`a[^review ¶${REVIEW_PARAGRAPHS + 1}]`, 'x.md', 3)).toThrow(`the review has no paragraph ${REVIEW_PARAGRAPHS + 1}`)
    expect(() => parseSeedInline('a[^review ¶0]', 'x.md', 3)).toThrow('the review has no paragraph 0')
    expect(() => parseSeedInline('a[^trotsky ¶2]', 'x.md', 3)).toThrow('only the review has numbered paragraphs')
    expect(() => parseSeedInline('a[^review ¶2 "open', 'x.md', 3)).toThrow('malformed citation')
  })

  describe.skipIf(!existsSync(reviewFile))('against the review’s text', () => {
    const paragraphs = existsSync(reviewFile) ? reviewParagraphs(readFileSync(reviewFile, 'utf8')) : []

    it('numbers the review in as many paragraphs as the seed data says.', () => {
      expect(paragraphs.length).toBe(REVIEW_PARAGRAPHS)
      expect(paragraphs[0]).toMatch(/^\*Dear Comrades\*, the Russian entry/u)
    })

    it('points every locator to a paragraph sharing at least two content words of the cited sentence.', () => {
      const weak = all.filter(({ attrs }) => attrs.sourceId === 'review').flatMap(({ page, attrs, sentence }) => {
        const paragraph = contentWords(paragraphs[Number(attrs.locator.slice(1)) - 1] ?? '')
        const shared = [...contentWords(sentence)].filter((word) => paragraph.has(word))
        return shared.length >= 2 ? [] : [`${page} ${attrs.locator}: ${sentence} (shares ${shared.join(', ') || 'nothing'})`]
      })
      expect(weak).toEqual([])
    })

    it('quotes only words that stand verbatim in the cited paragraph.', () => {
      const quoted = all.filter(({ attrs }) => attrs.quote)
      expect(quoted.length).toBeGreaterThan(0)
      for (const { page, attrs } of quoted) {
        expect(paragraphs[Number(attrs.locator.slice(1)) - 1], `${page} ${attrs.locator}`).toContain(attrs.quote)
      }
    })
  })
})
