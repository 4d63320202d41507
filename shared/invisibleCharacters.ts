/**
 * Characters that show nothing, or that reorder what is shown around them: zero-width
 * spaces and joiners, bidirectional overrides and isolates, soft hyphens, Hangul fillers,
 * tag characters… (Unicode's Default_Ignorable_Code_Point, plus every format character).
 * Two names that differ only by one of them look the same, and an override can make
 * `txt.exe` read as `exe.txt`.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u

// Joiners are part of writing in some scripts (Persian, the Indic scripts) and of emoji
// sequences (👩‍🔬); variation selectors pick the glyph of an emoji, a keycap (1️⃣) or an
// ideograph. They are let through there only: between Latin, Greek or Cyrillic letters, at
// an edge or after a space they change nothing a reader can see.
const LETTER_OUTSIDE_LGC = String.raw`(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])[\p{L}\p{M}]`
const WRITING_JOINER = new RegExp(String.raw`(?<=${LETTER_OUTSIDE_LGC})[\u200C\u200D](?=${LETTER_OUTSIDE_LGC})`, 'gu')
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}[\uFE0E\uFE0F]?)\u200D(?=\p{Extended_Pictographic})/gu
const GLYPH_VARIANT = new RegExp(String.raw`(?<=\p{Extended_Pictographic}|${LETTER_OUTSIDE_LGC})[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]|(?<=[0-9#*])\uFE0F(?=\u20E3)`, 'gu')

// Names for the ones people meet (or attackers use) most; any other is named by its code point.
const NAMES: Record<number, string> = {
  0x00ad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'zero-width no-break space',
  0xffa0: 'halfwidth Hangul filler',
}

/** `U+202E (right-to-left override)`: how a message names a character. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
  const name = NAMES[codePoint]
    ?? ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef) ? 'variation selector' : null)
    ?? (codePoint >= 0xe0000 && codePoint <= 0xe007f ? 'tag character' : null)
  return name ? `${hex} (${name})` : hex
}

/**
 * The first invisible or direction-changing character in `text`, or null. With
 * `allowInWriting`, joiners inside words of scripts that need them, joiners of emoji
 * sequences and glyph variation selectors are let through (titles); without it, every one
 * is refused (usernames).
 */
export function findInvisibleCharacter(text: string, options: { allowInWriting?: boolean } = {}): string | null {
  const checked = options.allowInWriting
    ? text.replace(WRITING_JOINER, '').replace(EMOJI_JOINER, '').replace(GLYPH_VARIANT, '')
    : text
  return INVISIBLE.exec(checked)?.[0] ?? null
}
