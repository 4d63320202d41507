import type { ApiBlame, ApiDiff, ApiRecentChange, ApiRevision } from '../../shared/historyTypes.ts'
import { nextCursor } from './nextCursor.ts'
import { fetchJson } from './useApi.ts'

const pagePath = (pageId: string) => `/api/pages/${encodeURIComponent(pageId)}`
const query = (params: Record<string, string | number | null | undefined>) => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** `GET /api/pages/:pageId/revisions`: the page's revisions, newest first. */
export function listRevisions(pageId: string, signal?: AbortSignal): Promise<ApiRevision[]> {
  return fetchJson<ApiRevision[]>(`${pagePath(pageId)}/revisions${query({ limit: 500 })}`, { signal })
}

/** `GET /api/pages/:pageId/diff`: `from` null = the empty page, `to` null = the page now. */
export function getDiff(pageId: string, from: string | null, to: string | null, signal?: AbortSignal): Promise<ApiDiff> {
  return fetchJson<ApiDiff>(`${pagePath(pageId)}/diff${query({ from, to })}`, { signal })
}

/** `GET /api/pages/:pageId/blame`: `revision` null = the page now. */
export function getBlame(pageId: string, revision: string | null, signal?: AbortSignal): Promise<ApiBlame> {
  return fetchJson<ApiBlame>(`${pagePath(pageId)}/blame${query({ revision })}`, { signal })
}

/** `POST /api/pages/:pageId/revisions`: a named version of the page as it is now (editors). */
export function nameVersion(pageId: string, name: string, summary: string): Promise<ApiRevision> {
  return fetchJson<ApiRevision>(`${pagePath(pageId)}/revisions`, { method: 'POST', body: { name, summary } })
}

/** `POST /api/pages/:pageId/revisions/:id/restore`: the page becomes that revision again (editors). */
export function restoreRevision(pageId: string, revisionId: string): Promise<ApiRevision> {
  return fetchJson<ApiRevision>(`${pagePath(pageId)}/revisions/${encodeURIComponent(revisionId)}/restore`, { method: 'POST' })
}

/** One page of recent changes and the cursor of the next (null: no more). */
export interface RecentChangesPage {
  changes: ApiRecentChange[]
  next: string | null
}

/** `GET /api/spaces/:spaceId/changes`: the latest revisions across a space, optionally by one user, 50 at a time after `cursor`. */
export async function listRecentChanges(spaceId: string, options: { user?: string | null; cursor?: string | null }, signal?: AbortSignal): Promise<RecentChangesPage> {
  let next: string | null = null
  const changes = await fetchJson<ApiRecentChange[]>(
    `/api/spaces/${encodeURIComponent(spaceId)}/changes${query({ user: options.user, cursor: options.cursor, limit: 50 })}`,
    { signal, onHeaders: (headers) => { next = nextCursor(headers) } },
  )
  return { changes, next }
}

/** How a revision is called in lists: its name, else its number. */
export function revisionLabel(revision: Pick<ApiRevision, 'number' | 'name'>): string {
  return revision.name ? `#${revision.number} “${revision.name}”` : `#${revision.number}`
}
