import { describe, expect, it } from 'vitest'
import { documentSchema } from '../../../shared/editor/documentSchema.ts'
import { extractLinks, MAX_LINKS_PER_PAGE } from '../../../server/links/extractLinks.ts'
import { MAX_SNIPPET, snippetAround } from '../../../server/links/snippetAround.ts'

const link = (target: string, text: string, extra: { type: string }[] = []) =>
  ({ type: 'text', text, marks: [{ type: 'wikiLink', attrs: { target } }, ...extra] })
const doc = (...blocks: unknown[]) => documentSchema().nodeFromJSON({ type: 'doc', content: blocks })
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content })

describe('extracting links from a page', () => {
  it('finds every wiki link in document order, in paragraphs, headings and list items, with its shown text', () => {
    const links = extractLinks(doc(
      { type: 'heading', attrs: { level: 2 }, content: [link('Strike', 'The strike')] },
      paragraph({ type: 'text', text: 'Before ' }, link('novocherkassk-1962:Dear Comrades!', 'the film'), { type: 'text', text: ' after.' }),
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(link('  Mikoyan  ', 'Mikoyan'))] }] },
    ))
    expect(links.map((l) => [l.target, l.label])).toEqual([
      ['Strike', 'The strike'], ['novocherkassk-1962:Dear Comrades!', 'the film'], ['Mikoyan', 'Mikoyan'],
    ])
  })

  it('counts a link that is partly bold once, and two neighbouring links to different pages twice', () => {
    const links = extractLinks(doc(paragraph(
      link('Lyudmila', 'Lyuda '), link('Lyudmila', 'Syomina', [{ type: 'bold' }]), link('Viktor', 'Viktor'),
    )))
    expect(links.map((l) => [l.target, l.label])).toEqual([['Lyudmila', 'Lyuda Syomina'], ['Viktor', 'Viktor']])
  })

  it('ignores links with an empty target and keeps at most MAX_LINKS_PER_PAGE', () => {
    expect(extractLinks(doc(paragraph(link('   ', 'nothing'))))).toEqual([])
    const many = Array.from({ length: MAX_LINKS_PER_PAGE + 5 }, (_, i) => paragraph(link(`Page ${i}`, `p${i}`)))
    expect(extractLinks(doc(...many))).toHaveLength(MAX_LINKS_PER_PAGE)
  })
})

describe('the snippet around a link', () => {
  it('is the sentence that holds the link, with the link’s place in it', () => {
    const text = 'The plant struck in June. Troops came to Novocherkassk that night! Nobody was ready.'
    const from = text.indexOf('Novocherkassk')
    const snippet = snippetAround(text, from, from + 'Novocherkassk'.length)
    expect(snippet.text).toBe('Troops came to Novocherkassk that night!')
    expect(snippet.text.slice(snippet.from, snippet.to)).toBe('Novocherkassk')
  })

  it('does not end a sentence at an exclamation mark inside a title followed by lower case', () => {
    const text = 'Konchalovsky made Dear Comrades! in 2020 with state money. It won a prize.'
    const snippet = snippetAround(text, 18, 32)
    expect(snippet.text).toBe('Konchalovsky made Dear Comrades! in 2020 with state money.')
  })

  it('cuts a very long sentence around the link at word boundaries and marks the cuts', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`)
    words[60] = 'LINK'
    const text = words.join(' ')
    const from = text.indexOf('LINK')
    const snippet = snippetAround(text, from, from + 4)
    expect(snippet.text.length).toBeLessThanOrEqual(MAX_SNIPPET + 2)
    expect(snippet.text.startsWith('…word')).toBe(true)
    expect(snippet.text.endsWith('…')).toBe(true)
    expect(snippet.text.slice(snippet.from, snippet.to)).toBe('LINK')
  })
})
