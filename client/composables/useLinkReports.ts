import type { ApiPageSummary } from '../../shared/apiTypes.ts'
import type { ApiWantedPage } from '../../shared/linkTypes.ts'
import { fetchJson } from './useApi.ts'

/** `GET /api/spaces/:spaceId/wanted`: the most-linked titles of a space that have no page yet. */
export function listWantedPages(spaceId: string, signal?: AbortSignal): Promise<ApiWantedPage[]> {
  return fetchJson<ApiWantedPage[]>(`/api/spaces/${encodeURIComponent(spaceId)}/wanted`, { signal })
}

/** `GET /api/spaces/:spaceId/orphans`: the pages of a space that no other page links to. */
export function listOrphanedPages(spaceId: string, signal?: AbortSignal): Promise<ApiPageSummary[]> {
  return fetchJson<ApiPageSummary[]>(`/api/spaces/${encodeURIComponent(spaceId)}/orphans`, { signal })
}
