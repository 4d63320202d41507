import { describe, expect, it } from 'vitest'
import { describeCharacter, findInvisibleCharacter } from '../../shared/invisibleCharacters.ts'

describe('findInvisibleCharacter', () => {
  it.each([
    ['a zero-width space', 'Len\u200bin', '\u200b'],
    ['a right-to-left override', 'gnp\u202e.exe', '\u202e'],
    ['a left-to-right isolate', '\u2066Lenin', '\u2066'],
    ['a soft hyphen', 'Novo\u00adcherkassk', '\u00ad'],
    ['a word joiner', 'Len\u2060in', '\u2060'],
    ['a tag character', 'Lenin\u{e0041}', '\u{e0041}'],
    ['a non-joiner between Latin letters', 'Len\u200cin', '\u200c'],
    ['a joiner between Cyrillic letters', 'Ле\u200dнин', '\u200d'],
    ['a variation selector after a Latin letter', 'Lenin\ufe0f', '\ufe0f'],
    ['a joiner at the start', '\u200d👩', '\u200d'],
  ])('finds %s in a title', (_, text, found) => {
    expect(findInvisibleCharacter(text, { allowInWriting: true })).toBe(found)
  })

  it.each([
    ['Cyrillic', 'Новочеркасский расстрел'],
    ['Persian with its non-joiner', 'می\u200cخواهم'],
    ['Devanagari with a joiner', 'क्\u200dष'],
    ['an emoji sequence', '👩\u200d🔬 and 👨\u200d👩\u200d👧'],
    ['an emoji with its presentation selector', '❤\ufe0f'],
    ['a keycap', '1\ufe0f\u20e3'],
    ['an ideograph with a variation selector', '葛\u{e0100}'],
  ])('lets %s through in a title', (_, text) => {
    expect(findInvisibleCharacter(text, { allowInWriting: true })).toBeNull()
  })

  it('refuses every joiner and selector in a username, whatever the script', () => {
    expect(findInvisibleCharacter('می\u200cخواهم')).toBe('\u200c')
    expect(findInvisibleCharacter('❤\ufe0f')).toBe('\ufe0f')
    expect(findInvisibleCharacter('Людмила')).toBeNull()
  })

  it('names a character by code point, with its name when it is a well-known one', () => {
    expect(describeCharacter('\u202e')).toBe('U+202E (right-to-left override)')
    expect(describeCharacter('\ufe0f')).toBe('U+FE0F (variation selector)')
    expect(describeCharacter('\u{e0041}')).toBe('U+E0041 (tag character)')
    expect(describeCharacter('\u2064')).toBe('U+2064')
  })
})
