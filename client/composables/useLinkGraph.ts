import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiGraph } from '../../shared/graphTypes.ts'
import { liveResource, type LiveResource } from './liveResource.ts'
import { fetchJson, type ApiError } from './useApi.ts'

/** What to map: a whole space, or a page's neighbourhood (`depth` hops). */
export type GraphSubject = { spaceId: string } | { pageId: string; spaceId: string; depth: 1 | 2 }

/** A map of links kept live. */
export interface LinkGraphState {
  graph: ShallowRef<ApiGraph | null>
  status: ShallowRef<'idle' | 'loading' | 'ready' | 'error'>
  error: ShallowRef<ApiError | null>
  reload: () => Promise<void>
}

function pathOf(subject: GraphSubject): string {
  return 'pageId' in subject
    ? `/api/pages/${encodeURIComponent(subject.pageId)}/graph?depth=${subject.depth}`
    : `/api/spaces/${encodeURIComponent(subject.spaceId)}/graph`
}

/**
 * Loads a map of links and keeps it live: it listens on the space's map stream
 * (`/api/spaces/:spaceId/graph/events`) and refetches when links or pages of the space change.
 * `subject` null: nothing yet.
 */
export function useLinkGraph(subject: () => GraphSubject | null): LinkGraphState {
  const graph = shallowRef<ApiGraph | null>(null)
  const status = shallowRef<LinkGraphState['status']['value']>('idle')
  const error = shallowRef<ApiError | null>(null)
  let live: LiveResource | null = null

  watch(() => JSON.stringify(subject()), (_key, _old, onCleanup) => {
    const current = subject()
    graph.value = null
    status.value = 'idle'
    if (!current) return
    status.value = 'loading'
    const mine = (live = liveResource({
      stream: `/api/spaces/${encodeURIComponent(current.spaceId)}/graph/events`,
      events: ['graph'],
      load: (signal) => fetchJson<ApiGraph>(pathOf(current), { signal }),
      apply(value) {
        graph.value = value
        status.value = 'ready'
      },
      onError(cause) {
        error.value = cause
        if (cause) status.value = 'error'
        else if (graph.value) status.value = 'ready'
      },
    }))
    mine.start()
    onCleanup(() => {
      mine.stop()
      if (live === mine) live = null
    })
  }, { immediate: true })
  onScopeDispose(() => live?.stop())

  return { graph, status, error, reload: () => live?.refresh() ?? Promise.resolve() }
}
