import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiGraph } from '../../shared/graphTypes.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'

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
 * (`/api/spaces/:spaceId/graph/events`) and refetches when links or pages of the space change
 * (and after a reconnection, when changes may have been missed). `subject` null: nothing yet.
 */
export function useLinkGraph(subject: () => GraphSubject | null): LinkGraphState {
  const graph = shallowRef<ApiGraph | null>(null)
  const status = shallowRef<LinkGraphState['status']['value']>('idle')
  const error = shallowRef<ApiError | null>(null)
  let controller: AbortController | null = null

  async function reload() {
    const current = subject()
    if (!current) return
    controller?.abort()
    const mine = (controller = new AbortController())
    if (!graph.value) status.value = 'loading'
    try {
      const answer = await fetchJson<ApiGraph>(pathOf(current), { signal: mine.signal })
      if (mine.signal.aborted) return
      graph.value = answer
      status.value = 'ready'
      error.value = null
    } catch (cause) {
      if (mine.signal.aborted) return
      error.value = toApiError(cause)
      status.value = 'error'
    }
  }

  watch(() => JSON.stringify(subject()), (_key, _old, onCleanup) => {
    const current = subject()
    graph.value = null
    status.value = 'idle'
    if (!current) return
    void reload()
    if (typeof EventSource === 'undefined') return
    const source = new EventSource(`/api/spaces/${encodeURIComponent(current.spaceId)}/graph/events`)
    let opened = false
    source.addEventListener('ready', () => {
      if (opened) void reload()
      opened = true
    })
    source.addEventListener('graph', () => void reload())
    onCleanup(() => source.close())
  }, { immediate: true })
  onScopeDispose(() => controller?.abort())

  return { graph, status, error, reload }
}
