import { shallowRef, watch } from 'vue'
import type { ApiNotification } from '../../shared/discussionApi.ts'
import { fetchJson, type ApiError } from './useApi.ts'
import { liveResource, type LiveResource } from './liveResource.ts'
import { useSession } from './useSession.ts'

// One inbox per tab, shared by the header's button and its list.
const notifications = shallowRef<ApiNotification[] | null>(null)
const unread = shallowRef(0)
const error = shallowRef<ApiError | null>(null)
let inbox: LiveResource | null = null
let started = false
// Bumped when everything was marked read: a load that began before cannot bring back the old count.
let readAll = 0

function openInbox(): LiveResource {
  return liveResource({
    stream: '/api/notifications/events',
    events: ['inbox'],
    load: async (signal) => {
      const began = readAll
      return {
        began,
        list: await fetchJson<ApiNotification[]>('/api/notifications', { signal }),
        unread: (await fetchJson<{ unread: number }>('/api/notifications/unread', { signal })).unread,
      }
    },
    apply(value) {
      if (value.began !== readAll) return
      notifications.value = value.list
      unread.value = value.unread
    },
    onError(cause) { error.value = cause },
  })
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
      inbox?.stop()
      inbox = null
      notifications.value = null
      unread.value = 0
      error.value = null
      if (!id) return
      inbox = openInbox()
      inbox.start()
    }, { immediate: true })
  }
  const refresh = () => inbox?.refresh() ?? Promise.resolve()
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
      // The server has them all read: show that now, and let no answer asked for before replace it.
      readAll += 1
      unread.value = 0
      notifications.value = notifications.value?.map((entry) => ({ ...entry, read: true })) ?? null
      await refresh()
    },
  }
}
