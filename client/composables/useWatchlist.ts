import { shallowRef, watch, type ShallowRef } from 'vue'
import type { ApiChangesSince, ApiPageWatch, ApiSpaceWatch, ApiWatchedPage, ApiWatchSettings } from '../../shared/watchTypes.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'

/** `GET /api/watchlist`. */
export function listWatchlist(signal?: AbortSignal): Promise<ApiWatchedPage[]> {
  return fetchJson<ApiWatchedPage[]>('/api/watchlist', { signal })
}

/** `PUT /api/pages/:pageId/watch`. */
export function setPageWatch(pageId: string, watching: boolean): Promise<ApiPageWatch> {
  return fetchJson<ApiPageWatch>(`/api/pages/${encodeURIComponent(pageId)}/watch`, { method: 'PUT', body: { watching } })
}

/** `GET /api/spaces/:spaceId/watch`. */
export function getSpaceWatch(spaceId: string, signal?: AbortSignal): Promise<ApiSpaceWatch> {
  return fetchJson<ApiSpaceWatch>(`/api/spaces/${encodeURIComponent(spaceId)}/watch`, { signal })
}

/** `PUT /api/spaces/:spaceId/watch`. */
export function setSpaceWatch(spaceId: string, watching: boolean): Promise<ApiSpaceWatch> {
  return fetchJson<ApiSpaceWatch>(`/api/spaces/${encodeURIComponent(spaceId)}/watch`, { method: 'PUT', body: { watching } })
}

/** `GET /api/watchlist/settings`. */
export function getWatchSettings(signal?: AbortSignal): Promise<ApiWatchSettings> {
  return fetchJson<ApiWatchSettings>('/api/watchlist/settings', { signal })
}

/** `PUT /api/watchlist/settings`. */
export function saveWatchSettings(settings: Partial<ApiWatchSettings>): Promise<ApiWatchSettings> {
  return fetchJson<ApiWatchSettings>('/api/watchlist/settings', { method: 'PUT', body: settings })
}

function recordVisit(pageId: string): Promise<ApiPageWatch> {
  return fetchJson<ApiPageWatch>(`/api/pages/${encodeURIComponent(pageId)}/visit`, { method: 'POST' })
}

/** A visit on leaving a page: answered 204 even when the page went away or closed meanwhile. */
function recordLeaving(pageId: string): Promise<void> {
  return fetchJson<void>('/api/watchlist/visits', { method: 'POST', body: { pageId } })
}

/** The open page's watch state, for a signed-in reader. */
export interface PageWatch {
  /** Watching or not; null until known (or for nobody signed in). */
  state: ShallowRef<ApiPageWatch | null>
  /** What others changed since the last visit, when the page is watched and they did. */
  changes: ShallowRef<ApiChangesSince | null>
  busy: ShallowRef<boolean>
  error: ShallowRef<ApiError | null>
  toggle: () => Promise<void>
  dismissChanges: () => void
}

/**
 * Records visits to the open page — on opening it and on leaving it, so what one saw while
 * there is not "new" next time — and keeps its watch state and the changes since the visit
 * before. Only while `signedIn`; a failed visit leaves the page as it is.
 */
export function usePageWatch(pageId: () => string | null, signedIn: () => boolean): PageWatch {
  const state = shallowRef<ApiPageWatch | null>(null)
  const changes = shallowRef<ApiChangesSince | null>(null)
  const busy = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)

  watch([pageId, signedIn], ([id, inside], _old, onCleanup) => {
    state.value = null
    changes.value = null
    error.value = null
    if (!id || !inside) return
    let current = true
    recordVisit(id).then((before) => {
      if (!current) return
      state.value = before
      changes.value = before.watching && before.changedSince ? before.changes : null
    }, () => { /* the watch button stays hidden; the page reads as usual */ })
    // Leaving the page for another one, or closing the view, is a visit too (not signing out).
    onCleanup(() => {
      current = false
      if (signedIn()) recordLeaving(id).catch(() => {})
    })
  }, { immediate: true })

  async function toggle() {
    const id = pageId()
    if (!id || !state.value) return
    busy.value = true
    error.value = null
    try {
      state.value = await setPageWatch(id, !state.value.watching)
    } catch (cause) {
      error.value = toApiError(cause)
    } finally {
      busy.value = false
    }
  }

  return { state, changes, busy, error, toggle, dismissChanges: () => { changes.value = null } }
}
