import { shallowRef, watch } from 'vue'
import type { ApiNotification } from '../../shared/discussionApi.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'
import { useSession } from './useSession.ts'

// One inbox per tab, shared by the header's button and its list.
const notifications = shallowRef<ApiNotification[] | null>(null)
const unread = shallowRef(0)
const error = shallowRef<ApiError | null>(null)
let source: EventSource | null = null
let started = false
let loading: Promise<void> | null = null
let again = false

async function refresh(): Promise<void> {
  if (loading) {
    again = true
    return loading
  }
  loading = (async () => {
    do {
      again = false
      try {
        const list = await fetchJson<ApiNotification[]>('/api/notifications')
        notifications.value = list
        unread.value = (await fetchJson<{ unread: number }>('/api/notifications/unread')).unread
        error.value = null
      } catch (cause) {
        error.value = toApiError(cause)
      }
    } while (again)
  })()
  try {
    await loading
  } finally {
    loading = null
  }
}

function listen() {
  if (source || typeof EventSource === 'undefined') return
  source = new EventSource('/api/notifications/events')
  // `ready` also follows every reconnection: what arrived meanwhile was missed, so refetch.
  source.addEventListener('ready', () => void refresh())
  source.addEventListener('inbox', () => void refresh())
}
function unlisten() {
  source?.close()
  source = null
}

/**
 * The signed-in user's notification inbox: the list, the unread count, and marking read. It
 * stays live through an event stream (every instance tells it when something arrives), closed
 * while the tab is hidden and reopened, with a refetch, when it shows again.
 */
export function useInbox() {
  if (!started) {
    started = true
    const { user } = useSession()
    watch(() => user.value?.id ?? null, (id) => {
      unlisten()
      notifications.value = null
      unread.value = 0
      if (id && document.visibilityState !== 'hidden') listen()
    }, { immediate: true })
    document.addEventListener('visibilitychange', () => {
      if (!user.value) return
      if (document.visibilityState === 'hidden') unlisten()
      else listen()
    })
  }
  return {
    notifications,
    unread,
    error,
    refresh,
    async markRead(id: string) {
      await fetchJson(`/api/notifications/${id}/read`, { method: 'POST' })
      await refresh()
    },
    async markAllRead() {
      await fetchJson('/api/notifications/read', { method: 'POST' })
      await refresh()
    },
  }
}
