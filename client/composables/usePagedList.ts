import { computed, shallowRef, watch, type Ref } from 'vue'
import { toApiError, type ApiError } from './useApi.ts'

/** One page of a paged list and the cursor of the next (null: that was the last). */
export interface ListPage<T> {
  rows: T[]
  next: string | null
}

/**
 * A list the server pages with a cursor, shown as its first page plus those the reader asks
 * for ("Load more"). `first` is the first page as loaded (by a request that reloads it, e.g. on
 * a change of space); each following page continues from the server's cursor, so rows added
 * meanwhile neither repeat nor push any out. Loading more fails as state (`moreError`).
 */
export function usePagedList<T>(first: Ref<ListPage<T> | null | undefined>, fetchMore: (cursor: string) => Promise<ListPage<T>>) {
  const more = shallowRef<T[]>([])
  const cursor = shallowRef<string | null>(null)
  const loadingMore = shallowRef(false)
  const moreError = shallowRef<ApiError | null>(null)
  // A new first page (a reload) starts the list again.
  watch(first, (page) => {
    more.value = []
    cursor.value = page?.next ?? null
    moreError.value = null
  }, { immediate: true })
  const rows = computed(() => [...(first.value?.rows ?? []), ...more.value])
  async function loadMore(): Promise<void> {
    if (!cursor.value || loadingMore.value) return
    loadingMore.value = true
    moreError.value = null
    try {
      const page = await fetchMore(cursor.value)
      more.value = [...more.value, ...page.rows]
      cursor.value = page.next
    } catch (cause) {
      moreError.value = toApiError(cause)
    } finally {
      loadingMore.value = false
    }
  }
  return { rows, hasMore: computed(() => cursor.value !== null), loadingMore, moreError, loadMore }
}
