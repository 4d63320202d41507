const ALLOWED = new Set(['http:', 'https:', 'mailto:'])

/**
 * The href to store for a link typed by a writer, or null when it is not a web or mail
 * address. `example.org/x` becomes `https://example.org/x`; `name@example.org` becomes a
 * mailto link; `javascript:` and other schemes are refused.
 */
export function normalizeLinkHref(input: string): string | null {
  const text = input.trim()
  if (!text || /\s/u.test(text)) return null
  let candidate = text
  if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/u.test(text)) candidate = `mailto:${text}`
  else if (!/^[a-z][a-z0-9+.-]*:/iu.test(text)) candidate = `https://${text.replace(/^\/\//u, '')}`
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return null
  }
  if (!ALLOWED.has(url.protocol)) return null
  if (url.protocol !== 'mailto:' && !url.hostname.includes('.') && url.hostname !== 'localhost') return null
  return url.href
}
