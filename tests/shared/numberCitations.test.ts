import { describe, expect, it } from 'vitest'
import { backLetter, numberCitations } from '../../shared/citations/numberCitations.ts'

const source = (sourceId: string) => ({ sourceId, note: '' })
const note = (text: string) => ({ sourceId: '', note: text })

describe('numbering citations', () => {
  it('numbers references in order of first use', () => {
    const { uses, references } = numberCitations([source('b'), source('a'), source('c')])
    expect(uses.map((u) => u.number)).toEqual([1, 2, 3])
    expect(references.map((r) => r.sourceId)).toEqual(['b', 'a', 'c'])
  })

  it('gives a source cited again its first number, with a/b back-references', () => {
    const { uses, references } = numberCitations([source('a'), source('b'), source('a'), source('a')])
    expect(uses).toEqual([{ number: 1, letter: 'a' }, { number: 2, letter: '' }, { number: 1, letter: 'b' }, { number: 1, letter: 'c' }])
    expect(references).toEqual([
      { number: 1, sourceId: 'a', note: '', letters: ['a', 'b', 'c'] },
      { number: 2, sourceId: 'b', note: '', letters: [''] },
    ])
  })

  it('numbers each note on its own, in the same list as sources, even two notes with the same words', () => {
    const { uses, references } = numberCitations([note('Compare the trial records.'), source('a'), note('Compare the trial records.'), source('a')])
    expect(uses.map((u) => u.number)).toEqual([1, 2, 3, 2])
    expect(references.map((r) => [r.number, r.sourceId, r.note])).toEqual([[1, '', 'Compare the trial records.'], [2, 'a', ''], [3, '', 'Compare the trial records.']])
  })

  it('renumbers when the first citation moves: numbering is derived, never stored', () => {
    expect(numberCitations([source('a'), source('b')]).uses.map((u) => u.number)).toEqual([1, 2])
    expect(numberCitations([source('b'), source('a')]).references.map((r) => r.sourceId)).toEqual(['b', 'a'])
    expect(numberCitations([]).references).toEqual([])
  })

  it('runs back-reference letters past z', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(backLetter)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'az', 'ba'])
  })
})
