import { onScopeDispose, shallowRef, watch } from 'vue'
import type { ApiPageSummary as PageSummary } from '../../shared/apiTypes.ts'
import type { ApiLinkedPage } from '../../shared/linkTypes.ts'
import { normalizeTitle } from '../../shared/wikiTitle.ts'
import { liveResource, type LiveResource } from './liveResource.ts'
import { nextCursor } from './nextCursor.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'

/** How the All pages list is ordered. */
export type PageSort = 'changed' | 'title' | 'links'

/** A row of the list: a page, with how many pages link to it when that is known. */
export interface ListedPage extends Omit<PageSummary, 'updatedAt'> {
  updatedAt: string | null
  links?: number
}

interface Loaded { rows: ListedPage[]; next: string | null }

const PAGE_SIZE = 100
const MOST = 500
/** The most linked pages shown first when sorting by links. */
const MOST_LINKED = 500

/**
 * A space's pages for the All pages view, ordered and filtered by the server a page of 100 at a
 * time: by last change or by title (`GET /api/spaces/:spaceId/pages?order=&prefix=`), or the most
 * linked first (`…/most-linked`, up to 500) and then the rest by title. The filter keeps titles
 * starting with what is typed. Live through the tree's event stream: on every change the rows
 * shown are loaded again.
 */
export function useSpacePageList(spaceId: () => string | null | undefined, sort: () => PageSort, filter: () => string) {
  const rows = shallowRef<ListedPage[] | null>(null)
  const next = shallowRef<string | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loadingMore = shallowRef(false)
  const moreError = shallowRef<ApiError | null>(null)
  let live: LiveResource | null = null

  function listPath(space: string, limit: number, cursor: string | null): string {
    const prefix = filter().trim()
    const query = new URLSearchParams({
      order: sort() === 'changed' ? 'changed' : 'title', limit: String(limit), ...(prefix ? { prefix } : {}), ...(cursor ? { cursor } : {}),
    })
    return `/api/spaces/${encodeURIComponent(space)}/pages?${query}`
  }
  async function fetchList(space: string, limit: number, cursor: string | null, signal?: AbortSignal): Promise<Loaded> {
    let after: string | null = null
    const pages = await fetchJson<PageSummary[]>(listPath(space, limit, cursor), { signal, onHeaders: (headers) => { after = nextCursor(headers) } })
    return { rows: pages, next: after }
  }
  async function load(space: string, signal: AbortSignal): Promise<Loaded> {
    const shown = Math.min(MOST, Math.max(PAGE_SIZE, rows.value?.length ?? 0))
    if (sort() !== 'links') return fetchList(space, shown, null, signal)
    const key = normalizeTitle(filter())
    const linked = (await fetchJson<ApiLinkedPage[]>(`/api/spaces/${encodeURIComponent(space)}/most-linked?limit=${MOST_LINKED}`, { signal }))
      .filter((page) => page.pages > 0 && normalizeTitle(page.title).startsWith(key))
    const rest = await fetchList(space, shown, null, signal)
    const first = new Set(linked.map((page) => page.pageId))
    return {
      rows: [
        ...linked.map((page) => ({ id: page.pageId, title: page.title, slug: page.slug, updatedAt: null, parentId: null, position: 0, links: page.pages })),
        ...rest.rows.filter((page) => !first.has(page.id)),
      ],
      next: rest.next,
    }
  }

  watch([spaceId, sort, filter], ([id], old, onCleanup) => {
    // Another space starts empty; another order or filter keeps the rows shown until the new ones come.
    if (old?.[0] !== id) rows.value = null
    error.value = null
    moreError.value = null
    if (!id) return
    const mine = liveResource({
      stream: `/api/spaces/${encodeURIComponent(id)}/tree/events`,
      events: ['tree'],
      load: (signal) => load(id, signal),
      apply(value) { rows.value = value.rows; next.value = value.next },
      onError(cause) { error.value = cause },
    })
    live = mine
    // Typing in the filter waits for a pause before asking the server.
    const start = setTimeout(() => mine.start(), old && old[2] !== filter() ? 200 : 0)
    onCleanup(() => { clearTimeout(start); mine.stop() })
  }, { immediate: true })
  onScopeDispose(() => live?.stop())

  async function loadMore(): Promise<void> {
    const space = spaceId()
    if (!space || !next.value || loadingMore.value) return
    loadingMore.value = true
    moreError.value = null
    try {
      const page = await fetchList(space, PAGE_SIZE, next.value)
      const known = new Set((rows.value ?? []).map((row) => row.id))
      rows.value = [...(rows.value ?? []), ...page.rows.filter((row) => !known.has(row.id))]
      next.value = page.next
    } catch (cause) {
      moreError.value = toApiError(cause)
    } finally {
      loadingMore.value = false
    }
  }

  return { rows, hasMore: () => next.value !== null, error, loadingMore, moreError, loadMore, retry: () => live?.refresh() ?? Promise.resolve() }
}
