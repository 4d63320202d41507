import type { ApiPageSummary } from '../../shared/apiTypes.ts'
import type { ApiWantedPage } from '../../shared/linkTypes.ts'
import { fetchJson } from './useApi.ts'
import { nextCursor } from './nextCursor.ts'
import type { ListPage } from './usePagedList.ts'

/** Rows per page of the link reports' paged lists. */
const PAGE_SIZE = 100

/** `GET /api/spaces/:spaceId/wanted`: the most-linked titles of a space that have no page yet. */
export function listWantedPages(spaceId: string, signal?: AbortSignal): Promise<ApiWantedPage[]> {
  return fetchJson<ApiWantedPage[]>(`/api/spaces/${encodeURIComponent(spaceId)}/wanted`, { signal })
}

/** `GET /api/spaces/:spaceId/wanted?order=title`: one page of the wanted titles, by title, after `cursor`. */
export async function listWantedByTitle(spaceId: string, cursor: string | null, signal?: AbortSignal): Promise<ListPage<ApiWantedPage>> {
  const query = new URLSearchParams({ order: 'title', limit: String(PAGE_SIZE) })
  if (cursor) query.set('cursor', cursor)
  let next: string | null = null
  const rows = await fetchJson<ApiWantedPage[]>(`/api/spaces/${encodeURIComponent(spaceId)}/wanted?${query}`, {
    signal, onHeaders: (headers) => { next = nextCursor(headers) },
  })
  return { rows, next }
}

/** `GET /api/spaces/:spaceId/orphans?limit=`: one page of the pages no other page links to, newest first, after `cursor`. */
export async function listOrphanedPages(spaceId: string, cursor: string | null, signal?: AbortSignal): Promise<ListPage<ApiPageSummary>> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
  if (cursor) query.set('cursor', cursor)
  let next: string | null = null
  const rows = await fetchJson<ApiPageSummary[]>(`/api/spaces/${encodeURIComponent(spaceId)}/orphans?${query}`, {
    signal, onHeaders: (headers) => { next = nextCursor(headers) },
  })
  return { rows, next }
}
