import { describe, expect, it } from 'vitest'
import { GREATER_THAN, HIGHLIGHT_END, HIGHLIGHT_START, LESS_THAN, snippetHtml } from '../../../server/search/snippetHtml.ts'
import { searchTerms, titleKeyText } from '../../../server/search/searchTerms.ts'

describe('searchTerms', () => {
  it('keeps only words, so operators and quotes typed into the box cannot break the query', () => {
    expect(searchTerms(`Dear  "Comrades"! & | :* ' \\`)?.words).toEqual(['dear', 'comrades'])
    expect(searchTerms(' !? & ')).toBeNull()
  })

  it('adds the other-script spelling of each word and a Latin form of the whole query', () => {
    const terms = searchTerms('Новочеркасск massacre')!
    expect(terms.alternates).toEqual(['novocherkassk', 'массакре'])
    expect(terms.fuzzy).toBe('novocherkassk massacre')
  })

  it('matches the last word as a prefix only once it has two letters', () => {
    expect(searchTerms('Novo')?.prefix).toBe(true)
    expect(searchTerms('Novocherkassk m')?.prefix).toBe(false)
  })

  it('reduces a title to lower-case Latin words', () => {
    expect(titleKeyText('Dear Comrades!')).toBe('dear comrades')
    expect(titleKeyText('Новочеркасск, 1962')).toBe('novocherkassk 1962')
  })
})

describe('snippetHtml', () => {
  it('escapes the page text and wraps only the matched words in <mark>', () => {
    const headline = `a <script>alert("x")</script> & ${HIGHLIGHT_START}Novocherkassk${HIGHLIGHT_END}'s\n\nstrike`
    expect(snippetHtml(headline)).toBe('a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>Novocherkassk</mark>&#39;s strike')
  })

  it('turns the stand-ins ts_headline saw for < and > back into escaped brackets', () => {
    expect(snippetHtml(`use ${LESS_THAN}b${GREATER_THAN} for ${HIGHLIGHT_START}bold${HIGHLIGHT_END}`)).toBe('use &lt;b&gt; for <mark>bold</mark>')
  })

  it('never leaves a <mark> open or closes one that was not opened', () => {
    expect(snippetHtml(`${HIGHLIGHT_END}a ${HIGHLIGHT_START}b`)).toBe('a <mark>b</mark>')
  })
})
