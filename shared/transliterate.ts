// Cyrillic ↔ Latin transliteration for search, so "Новочеркасск" finds "Novocherkassk" and
// the reverse. Table-driven and deliberately simple (close to BGN/PCGN without diacritics):
// it only has to bring spellings near enough for full-text and trigram matching.

const TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian letters
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
}

// Longest first, so "shch" wins over "sh" and "kh" over "k".
const TO_CYRILLIC: [string, string][] = [
  ['shch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['ch', 'ч'], ['sh', 'ш'],
  ['yu', 'ю'], ['ya', 'я'], ['yo', 'ё'], ['ye', 'е'],
  ['a', 'а'], ['b', 'б'], ['c', 'к'], ['d', 'д'], ['e', 'е'], ['f', 'ф'], ['g', 'г'], ['h', 'х'],
  ['i', 'и'], ['j', 'дж'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'],
  ['q', 'к'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['v', 'в'], ['w', 'в'], ['x', 'кс'], ['z', 'з'],
]

const CYRILLIC = /[\u0400-\u04ff]/u
const LATIN_LETTER = /[a-z]/iu
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y'])

/** Whether the text holds any Cyrillic letter. */
export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text)
}

/** Whether the text holds a Latin letter and no Cyrillic one. */
export function isLatin(text: string): boolean {
  return LATIN_LETTER.test(text) && !hasCyrillic(text)
}

/** Cyrillic letters spelled in Latin ("Новочеркасск" → "Novocherkassk"); other characters are kept. */
export function toLatin(text: string): string {
  let out = ''
  for (const char of text.normalize('NFC')) {
    const lower = char.toLowerCase()
    const latin = TO_LATIN[lower]
    if (latin === undefined) out += char
    else out += lower !== char && latin ? latin[0].toUpperCase() + latin.slice(1) : latin
  }
  return out
}

/**
 * Latin letters spelled in Cyrillic, lower case ("Novocherkassk" → "новочеркасск"). A "y" is
 * й after a vowel, "ий" at the end of a word after a consonant (Konchalovsky → кончаловский)
 * and ы elsewhere. Other characters are kept.
 */
export function toCyrillic(text: string): string {
  const source = text.normalize('NFC').toLowerCase()
  let out = ''
  let i = 0
  while (i < source.length) {
    const pair = TO_CYRILLIC.find(([latin]) => source.startsWith(latin, i))
    if (pair) {
      out += pair[1]
      i += pair[0].length
      continue
    }
    const char = source[i]
    if (char === 'y') {
      const previous = source[i - 1] ?? ''
      const atWordEnd = !LATIN_LETTER.test(source[i + 1] ?? '')
      if (VOWELS.has(previous) || !LATIN_LETTER.test(previous)) out += 'й'
      else out += atWordEnd ? 'ий' : 'ы'
    } else {
      out += char
    }
    i += 1
  }
  return out
}
