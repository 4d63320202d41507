import { computed, onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiPage as Page, ApiPageSummary as PageSummary } from '../../shared/apiTypes.ts'
import { buildPageTree } from '../pageTree.ts'
import { liveResource } from './liveResource.ts'
import { fetchJson, type ApiError } from './useApi.ts'

/** One space's pages, kept fresh while anything on screen uses them. */
interface SpacePages {
  pages: ShallowRef<PageSummary[] | null>
  error: ShallowRef<ApiError | null>
  users: number
  refresh(): Promise<void>
  stop(): void
}

const spaces = new Map<string, SpacePages>()

/**
 * Loads a space's pages and listens on `GET /api/spaces/:spaceId/tree/events`, refetching
 * whenever a page is created, renamed, moved or deleted by anyone.
 */
function openSpacePages(spaceId: string): SpacePages {
  const pages = shallowRef<PageSummary[] | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const live = liveResource({
    stream: `/api/spaces/${encodeURIComponent(spaceId)}/tree/events`,
    events: ['tree'],
    load: (signal) => fetchJson<PageSummary[]>(`/api/spaces/${encodeURIComponent(spaceId)}/pages`, { signal }),
    apply(value) { pages.value = value },
    onError(cause) { error.value = cause },
  })
  live.start()
  return { pages, error, users: 0, refresh: live.refresh, stop: live.stop }
}

/**
 * The live pages and tree of the space `spaceId()` (null: none). Every part of the screen that
 * asks for the same space shares one list and one stream.
 */
export function usePageTree(spaceId: () => string | null | undefined) {
  const current = shallowRef<SpacePages | null>(null)
  watch(spaceId, (id, _old, onCleanup) => {
    if (!id) {
      current.value = null
      return
    }
    let entry = spaces.get(id)
    if (!entry) spaces.set(id, (entry = openSpacePages(id)))
    entry.users += 1
    current.value = entry
    const held = entry
    onCleanup(() => {
      held.users -= 1
      // Kept a moment so that moving between pages of one space does not reopen the stream.
      setTimeout(() => {
        if (held.users > 0 || spaces.get(id) !== held) return
        held.stop()
        spaces.delete(id)
      }, 1000)
    })
  }, { immediate: true })
  onScopeDispose(() => { current.value = null })

  const pages = computed(() => current.value?.pages.value ?? null)
  return {
    pages,
    error: computed(() => current.value?.error.value ?? null),
    tree: computed(() => buildPageTree(pages.value ?? [])),
    refresh: () => current.value?.refresh() ?? Promise.resolve(),
  }
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
