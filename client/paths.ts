// The app's URLs in one place. Space-level tools live under `/-/` (a page slug never
// starts with '-', so `/s/:space/-/members` can never be a page).

/** A space's home: its pages. */
export function spacePath(spaceSlug: string): string {
  return `/s/${encodeURIComponent(spaceSlug)}`
}

/** A page's readable URL, or its permalink when the title makes no slug. */
export function pagePath(spaceSlug: string | null | undefined, page: { id: string, slug?: string | null }): string {
  if (spaceSlug && page.slug) return `${spacePath(spaceSlug)}/${encodeURIComponent(page.slug)}`
  return permalinkPath(page.id)
}

/** The permalink of a page: it survives renames (docs/PROTOCOL.md). */
export function permalinkPath(pageId: string): string {
  return `/p/${encodeURIComponent(pageId)}`
}

/** Where a wiki link to `title` leads inside `spaceSlug`: resolves or offers to create it. */
export function wikiLinkPath(spaceSlug: string, title: string): string {
  return `${spacePath(spaceSlug)}/w/${encodeURIComponent(title)}`
}

/** The "new page" form of a space, optionally with a title filled in and a parent page chosen. */
export function newPagePath(spaceSlug: string, title?: string, parentId?: string): string {
  const query = new URLSearchParams()
  if (title) query.set('title', title)
  if (parentId) query.set('parent', parentId)
  const search = query.toString().replace(/\+/gu, '%20')
  return `${spacePath(spaceSlug)}/-/new${search ? `?${search}` : ''}`
}

/** A space's pages as a flat list, sortable by title, last change or links. */
export function spacePagesPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/pages`
}

/** A space's members page (owners manage roles there). */
export function membersPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/members`
}

/** A space's wanted pages: linked titles that have no page yet. */
export function wantedPagesPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/wanted`
}

/** A space's orphaned pages: pages nothing links to. */
export function orphanedPagesPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/orphans`
}

/** The signed-in user's account settings (password, sessions). */
export function accountPath(): string {
  return '/account'
}

/** A space's map of links. */
export function spaceMapPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/map`
}

/** The signed-in user's watchlist. */
export function watchlistPath(): string {
  return '/watchlist'
}

/** The sign-in form, coming back to `redirect` afterwards. */
export function signInPath(redirect?: string): string {
  return redirect ? `/sign-in?redirect=${encodeURIComponent(redirect)}` : '/sign-in'
}

/** The sign-up form, coming back to `redirect` afterwards. */
export function signUpPath(redirect?: string): string {
  return redirect ? `/sign-up?redirect=${encodeURIComponent(redirect)}` : '/sign-up'
}

/** A redirect target from a query string, accepted only when it stays on this site. */
export function safeRedirect(value: unknown, fallback = '/'): string {
  const target = Array.isArray(value) ? value[0] : value
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback
  return target
}

/** A space's source library. */
export function sourcesPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/sources`
}

/** A space's citation-needed maintenance view. */
export function citationNeededPath(spaceSlug: string): string {
  return `${spacePath(spaceSlug)}/-/citation-needed`
}

/** A proposal: its branch in the editor, its changes and its review. */
export function proposalPath(proposalId: string): string {
  return `/proposals/${encodeURIComponent(proposalId)}`
}

/** A space's open proposals, optionally only one page's. */
export function spaceProposalsPath(spaceSlug: string, pageId?: string): string {
  return `${spacePath(spaceSlug)}/-/proposals${pageId ? `?page=${encodeURIComponent(pageId)}` : ''}`
}
