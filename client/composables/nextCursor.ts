/**
 * The cursor of the next page of a paged list: the `cursor` parameter of the URL in the
 * response's `Link: <…>; rel="next"` header, or null when that was the last page.
 */
export function nextCursor(headers: Headers): string | null {
  const link = headers.get('link')
  const next = link ? /<([^>]*)>\s*;\s*rel="next"/.exec(link) : null
  return next ? new URL(next[1], 'http://link.invalid').searchParams.get('cursor') : null
}
