import { shallowRef, watch } from 'vue'
import type { ApiRevision } from '../../shared/historyTypes.ts'
import { liveResource } from './liveResource.ts'
import type { ApiError } from './useApi.ts'
import { listRevisions } from './useRevisions.ts'

/**
 * The revisions of the page `pageId()` (null: none yet), newest first, kept fresh through
 * `GET /api/pages/:pageId/history/events`: a revision cut while the history is open (someone
 * stops editing, names a version, restores) shows without a reload. `revisions` is null until
 * the first answer.
 */
export function useLiveRevisions(pageId: () => string | null | undefined) {
  const revisions = shallowRef<ApiRevision[] | null>(null)
  const error = shallowRef<ApiError | null>(null)
  let refresh: () => Promise<void> = async () => {}
  watch(pageId, (id, _old, onCleanup) => {
    revisions.value = null
    error.value = null
    if (!id) return
    const live = liveResource({
      stream: `/api/pages/${encodeURIComponent(id)}/history/events`,
      events: ['revisions'],
      load: (signal) => listRevisions(id, signal),
      apply(value) { revisions.value = value },
      onError(cause) { error.value = cause },
    })
    live.start()
    refresh = live.refresh
    onCleanup(() => live.stop())
  }, { immediate: true })
  return { revisions, error, refresh: () => refresh() }
}
