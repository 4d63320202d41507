import type { ApiPage as Page, ApiPageSummary as PageSummary, ApiSpaceOverview } from '../../shared/apiTypes.ts'
import { normalizeTitle } from '../../shared/wikiTitle.ts'
import { fetchJson } from './useApi.ts'

/** `GET /api/spaces/:spaceId/overview`: how many pages the space has, and the first of its tree. */
export function getSpaceOverview(spaceId: string, signal?: AbortSignal): Promise<ApiSpaceOverview> {
  return fetchJson<ApiSpaceOverview>(`/api/spaces/${encodeURIComponent(spaceId)}/overview`, { signal })
}

/** Newest `updatedAt` first; ties by title so the order is stable. */
export function sortByRecentChange<T extends Pick<PageSummary, 'updatedAt' | 'title'>>(pages: T[]): T[] {
  return [...pages].sort((a, b) => {
    const delta = Date.parse(b.updatedAt) - Date.parse(a.updatedAt)
    return delta !== 0 && !Number.isNaN(delta) ? delta : a.title.localeCompare(b.title)
  })
}

/** `GET /api/pages/:pageId`. */
export function getPage(pageId: string, signal?: AbortSignal): Promise<Page> {
  return fetchJson<Page>(`/api/pages/${encodeURIComponent(pageId)}`, { signal })
}

/** `GET /api/spaces/by-slug/:slug/pages/:pageSlug`: a page by its readable URL. */
export function getPageBySlug(spaceSlug: string, pageSlug: string, signal?: AbortSignal): Promise<Page> {
  return fetchJson<Page>(`/api/spaces/by-slug/${encodeURIComponent(spaceSlug)}/pages/${encodeURIComponent(pageSlug)}`, { signal })
}

/** `POST /api/spaces/:spaceId/pages`, under `parentId` when given; rejects with status 409 when the title is taken. */
export function createPage(spaceId: string, title: string, parentId?: string | null): Promise<PageSummary> {
  return fetchJson<PageSummary>(`/api/spaces/${encodeURIComponent(spaceId)}/pages`, { method: 'POST', body: parentId ? { title, parentId } : { title } })
}

/** `PATCH /api/pages/:pageId` with a new title; 409 when another page has it. */
export function renamePage(pageId: string, title: string): Promise<Page> {
  return fetchJson<Page>(`/api/pages/${encodeURIComponent(pageId)}`, { method: 'PATCH', body: { title } })
}

/** `DELETE /api/pages/:pageId`. */
export function deletePage(pageId: string): Promise<void> {
  return fetchJson<void>(`/api/pages/${encodeURIComponent(pageId)}`, { method: 'DELETE' })
}

/** The page whose title matches `title` by the contract's rule (NFC, whitespace, case). */
export function findPageByTitle<T extends Pick<PageSummary, 'title'>>(pages: readonly T[], title: string): T | undefined {
  const key = normalizeTitle(title)
  return key ? pages.find((page) => normalizeTitle(page.title) === key) : undefined
}

/** The page with URL slug `slug`; when two share it, the most recently changed. */
export function findPageBySlug<T extends Pick<PageSummary, 'slug' | 'updatedAt' | 'title'>>(pages: readonly T[], slug: string): T | undefined {
  return sortByRecentChange(pages.filter((page) => page.slug === slug))[0]
}

/** `GET /api/spaces/:spaceId/tree/ancestors/:pageId`: the pages above a page, the top-level one first. */
export function listAncestors(spaceId: string, pageId: string, signal?: AbortSignal): Promise<PageSummary[]> {
  return fetchJson<PageSummary[]>(`/api/spaces/${encodeURIComponent(spaceId)}/tree/ancestors/${encodeURIComponent(pageId)}`, { signal })
}

/** A position past the end of any level: the page goes last among its new siblings. */
export const LAST_POSITION = 1_000_000

/** `PUT /api/pages/:pageId/position`: moves a page under `parentId` (null: top level) at `position`. */
export function movePage(pageId: string, parentId: string | null, position: number): Promise<Page> {
  return fetchJson<Page>(`/api/pages/${encodeURIComponent(pageId)}/position`, { method: 'PUT', body: { parentId, position } })
}
