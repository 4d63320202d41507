import { describeCharacter, findInvisibleCharacter } from './invisibleCharacters.ts'

/** Longest page title accepted, in characters. */
export const MAX_TITLE_LENGTH = 200

/** Trim, NFC-normalize and collapse whitespace: the form a title is stored and shown in. */
export function cleanTitle(title: string): string {
  return title.normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/**
 * The key titles are matched by (docs/PROTOCOL.md): Unicode NFC, whitespace collapsed,
 * case-insensitive. `Dear  comrades!` and `dear Comrades!` share a key.
 */
export function normalizeTitle(title: string): string {
  return cleanTitle(title).toLowerCase().normalize('NFC')
}

/** A readable URL slug for a title; may be empty for titles made only of symbols. */
export function slugify(title: string): string {
  return cleanTitle(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 80)
}

/**
 * A parsed link target: a title in the same space, or `space-slug:Title` in another, either
 * followed by `#Section` (a heading of that page; titles cannot hold `#`).
 */
export interface LinkTarget {
  spaceSlug: string | null
  title: string
  /** The heading named after `#`, as written; null when the link is to the whole page. */
  section: string | null
}

// The space prefix is matched in any case, as titles are (`Novocherkassk-1962:Strike`).
const SPACE_PREFIX = /^([a-z0-9][a-z0-9-]{0,62}):(.+)$/iu

/** Splits `Page#Section` at its first `#`: the page part and the section (null when none or empty). */
export function splitSection(target: string): { page: string; section: string | null } {
  const at = target.indexOf('#')
  if (at < 0) return { page: cleanTitle(target), section: null }
  return { page: cleanTitle(target.slice(0, at)), section: cleanTitle(target.slice(at + 1)) || null }
}

/** Splits `space-slug:Title#Section` into its parts; without a prefix the title is in the same space. */
export function parseLinkTarget(target: string): LinkTarget {
  const { page, section } = splitSection(target)
  const match = SPACE_PREFIX.exec(page)
  if (match) return { spaceSlug: match[1].toLowerCase(), title: cleanTitle(match[2]), section }
  return { spaceSlug: null, title: page, section }
}

/** Why a title is unacceptable, or null when it is fine. */
export function titleProblem(title: string): string | null {
  const cleaned = cleanTitle(title)
  if (!cleaned) return 'A title cannot be empty.'
  if (cleaned.length > MAX_TITLE_LENGTH) return `A title has at most ${MAX_TITLE_LENGTH} characters.`
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a title must not hold
  if (/[\u0000-\u001f\u007f[\]|#<>{}]/u.test(cleaned)) return 'A title cannot contain [ ] | # < > { } or control characters.'
  // Any script is welcome; what is refused is what cannot be seen (two titles that look alike, a reversed one).
  const invisible = findInvisibleCharacter(cleaned, { allowInWriting: true })
  if (invisible) return `A title cannot contain invisible or text-direction characters; this one has ${describeCharacter(invisible)}.`
  return null
}
