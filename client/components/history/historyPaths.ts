// The URLs of history screens (kept with the history components, beside the app's paths.ts).

/** A page's history, optionally at one of its views (`{ view: 'compare', from, to }`...). */
export function pageHistoryPath(pageId: string, query: Record<string, string | number | null | undefined> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return `/p/${encodeURIComponent(pageId)}/history${text ? `?${text}` : ''}`
}

/** A space's recent changes, optionally only one user's. */
export function recentChangesPath(spaceSlug: string, username?: string | null): string {
  return `/s/${encodeURIComponent(spaceSlug)}/-/changes${username ? `?user=${encodeURIComponent(username)}` : ''}`
}
