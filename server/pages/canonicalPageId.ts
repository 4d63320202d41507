const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u

/**
 * Whether a string is a page id spelled the one way Postgres prints it (lower-case, hyphens).
 * The uuid type also reads upper case, so `/api/pages/:id` finds a page under many spellings;
 * a collaboration document name must be this one, or each spelling would be another document.
 */
export function isCanonicalPageId(value: string): boolean {
  return CANONICAL_UUID.test(value)
}
