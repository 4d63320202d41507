import { shallowRef, watch } from 'vue'
import type { ApiPageSummary as PageSummary } from '../../shared/apiTypes.ts'
import { liveResource } from './liveResource.ts'
import { fetchJson } from './useApi.ts'

/**
 * The pages above a page (the breadcrumb), top-level first: `GET /api/spaces/:spaceId/tree/ancestors/:pageId`,
 * loaded again whenever the space's tree changes (a page above renamed or moved). Empty until
 * loaded, and when it cannot be (the breadcrumb is an aid; the page shows without it).
 */
export function usePageAncestors(spaceId: () => string | null | undefined, pageId: () => string | null | undefined) {
  const ancestors = shallowRef<PageSummary[]>([])
  watch([spaceId, pageId], ([space, page], _old, onCleanup) => {
    ancestors.value = []
    if (!space || !page) return
    const live = liveResource({
      stream: `/api/spaces/${encodeURIComponent(space)}/tree/events`,
      events: ['tree'],
      load: (signal) => fetchJson<PageSummary[]>(`/api/spaces/${encodeURIComponent(space)}/tree/ancestors/${encodeURIComponent(page)}`, { signal }),
      apply(value) { ancestors.value = value },
      onError() {},
    })
    live.start()
    onCleanup(() => live.stop())
  }, { immediate: true })
  return ancestors
}
