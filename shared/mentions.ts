/**
 * `@username` mentions in a comment body: an @ not glued to a word before it, then a username
 * (3 to 32 letters, digits, dots, dashes or underscores, starting and ending with a letter or
 * digit, so a full stop after a name is not part of it).
 */
const MENTION = /(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{1,30}[\p{L}\p{M}\p{N}])/gu

/** The names mentioned in a text, each once, in the order they first appear. */
export function findMentions(text: string): string[] {
  const names = new Map<string, string>()
  for (const match of text.matchAll(MENTION)) {
    const name = match[1]!
    const key = name.normalize('NFC').toLowerCase()
    if (!names.has(key)) names.set(key, name)
  }
  return [...names.values()]
}

/** The longest comment body, in characters. */
export const MAX_COMMENT_LENGTH = 10_000
