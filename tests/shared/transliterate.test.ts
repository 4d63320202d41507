import { describe, expect, it } from 'vitest'
import { hasCyrillic, isLatin, toCyrillic, toLatin } from '../../shared/transliterate.ts'

describe('transliterate', () => {
  it('spells Russian names in Latin the way English sources usually do', () => {
    expect(toLatin('Новочеркасск')).toBe('Novocherkassk')
    expect(toLatin('Хрущёв')).toBe('Khrushchyov')
    expect(toLatin('Щедрин и Юрий')).toBe('Shchedrin i Yuriy')
    expect(toLatin('объявление')).toBe('obyavlenie')
  })

  it('spells Latin names in Cyrillic, with the usual surname endings', () => {
    expect(toCyrillic('Novocherkassk')).toBe('новочеркасск')
    expect(toCyrillic('Konchalovsky')).toBe('кончаловский')
    expect(toCyrillic('Konchalovskiy')).toBe('кончаловский')
    expect(toCyrillic('Andrey Khrushchev')).toBe('андрей хрущев')
    expect(toCyrillic('Krylov')).toBe('крылов')
  })

  it('leaves characters of other scripts, digits and punctuation alone (Cyrillic output is lower case)', () => {
    expect(toLatin('Café 1962 — Δ')).toBe('Café 1962 — Δ')
    expect(toCyrillic('1962 — Δ')).toBe('1962 — δ')
  })

  it('tells which script a word is written in', () => {
    expect(hasCyrillic('Новочеркасск')).toBe(true)
    expect(hasCyrillic('Novocherkassk')).toBe(false)
    expect(isLatin('Novocherkassk')).toBe(true)
    expect(isLatin('1962')).toBe(false)
    expect(isLatin('Nовочеркасск')).toBe(false)
  })
})
