import { watch } from 'vue'
import type { ApiBacklink } from '../../shared/linkTypes.ts'
import { fetchJson, useRequest } from './useApi.ts'
import { onPageNotice } from './usePageNotices.ts'

/** `GET /api/pages/:pageId/backlinks`: the readable pages that link to a page. */
export function listBacklinks(pageId: string, signal?: AbortSignal): Promise<ApiBacklink[]> {
  return fetchJson<ApiBacklink[]>(`/api/pages/${encodeURIComponent(pageId)}/backlinks`, { signal })
}

/**
 * The backlinks of page `pageId()`, kept live: refetched when the server says they changed
 * (a link typed, edited or removed anywhere; a linking page renamed or deleted). While a
 * refetch runs the previous list stays on screen.
 */
export function useBacklinks(pageId: () => string) {
  const request = useRequest((signal) => listBacklinks(pageId(), signal))
  watch(pageId, () => {
    request.data.value = null
    void request.run()
  }, { immediate: true })
  onPageNotice(pageId, 'backlinks', () => void request.run())
  return request
}
