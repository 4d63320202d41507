import { watch } from 'vue'
import type { ApiBacklink } from '../../shared/linkTypes.ts'
import { fetchJson, useRequest } from './useApi.ts'
import { nextCursor } from './nextCursor.ts'
import { onPageNotice } from './usePageNotices.ts'
import { usePagedList, type ListPage } from './usePagedList.ts'

/** Backlinks per request: a hub page's thousands come a page at a time. */
const PAGE_SIZE = 20

/** `GET /api/pages/:pageId/backlinks?limit=`: one page of the readable pages that link to a page, newest first, after `cursor`. */
export async function listBacklinks(pageId: string, cursor: string | null, signal?: AbortSignal): Promise<ListPage<ApiBacklink>> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
  if (cursor) query.set('cursor', cursor)
  let next: string | null = null
  const rows = await fetchJson<ApiBacklink[]>(`/api/pages/${encodeURIComponent(pageId)}/backlinks?${query}`, {
    signal, onHeaders: (headers) => { next = nextCursor(headers) },
  })
  return { rows, next }
}

/**
 * The backlinks of page `pageId()`, the newest linking pages first, a page at a time
 * (`list.loadMore()`), kept live: the first page is refetched when the server says they
 * changed (a link typed, edited or removed anywhere; a linking page renamed or deleted),
 * which starts the list again. While a refetch runs the previous list stays on screen.
 */
export function useBacklinks(pageId: () => string) {
  const request = useRequest((signal) => listBacklinks(pageId(), null, signal))
  watch(pageId, () => {
    request.data.value = null
    void request.run()
  }, { immediate: true })
  onPageNotice(pageId, 'backlinks', () => void request.run())
  const list = usePagedList(request.data, (cursor) => listBacklinks(pageId(), cursor))
  return { request, list }
}
