import { toApiError, type ApiError } from './useApi.ts'

/** What a live resource loads, how it shows the result, and which stream tells it to load again. */
export interface LiveResourceOptions<T> {
  /** A Server-Sent Events URL: its `ready` event and every event in `events` mean "load again". */
  stream: string
  events: string[]
  load(signal: AbortSignal): Promise<T>
  apply(value: T): void
  onError(error: ApiError | null): void
}

/** A live resource: `start` loads it and listens; `refresh` loads it again; `stop` ends both. */
export interface LiveResource {
  start(): void
  refresh(): Promise<void>
  stop(): void
}

const RETRY_FIRST_MS = 2_000
const RETRY_LAST_MS = 30_000

/**
 * One EventSource per stream URL in a tab, shared by the live resources that listen to it (the
 * sidebar's page tree and the space's page list both follow the tree's stream): over HTTP/1.1 a
 * browser keeps about six connections per site, for every tab of it together, and each open
 * stream holds one for as long as it is open. A resource that joins a stream already open
 * loads when it starts, after its listeners are in place, so it misses nothing.
 */
const shared = new Map<string, { source: EventSource, users: number }>()

function openStream(url: string): EventSource {
  let entry = shared.get(url)
  if (!entry) shared.set(url, entry = { source: new EventSource(url), users: 0 })
  entry.users += 1
  return entry.source
}

function closeStream(url: string): void {
  const entry = shared.get(url)
  if (!entry) return
  entry.users -= 1
  if (entry.users > 0) return
  entry.source.close()
  shared.delete(url)
}

/**
 * Keeps what the API answers fresh: loads it, and loads it again whenever its event stream says
 * it changed, after every (re)connection of the stream (`ready`: changes may have been missed
 * meanwhile), and when the tab shows again. Loads run one after another, and a call while one
 * runs asks for one more after it, so the last answer shown is never older than the last call.
 * A failed load is shown through `onError` and tried again after a growing pause. The stream is
 * closed while the tab is hidden, because browsers allow few open requests per site.
 */
export function liveResource<T>(options: LiveResourceOptions<T>): LiveResource {
  let started = false
  let source: EventSource | null = null
  const names = ['ready', ...options.events]
  const onEvent = () => void refresh()
  let running: Promise<void> | null = null
  let again = false
  let controller: AbortController | null = null
  let retry: ReturnType<typeof setTimeout> | null = null
  let retryMs = RETRY_FIRST_MS

  async function loadOnce(): Promise<void> {
    const mine = (controller = new AbortController())
    try {
      const value = await options.load(mine.signal)
      if (mine.signal.aborted) return
      options.apply(value)
      options.onError(null)
      retryMs = RETRY_FIRST_MS
    } catch (cause) {
      if (mine.signal.aborted || again) return
      options.onError(toApiError(cause))
      if (started) {
        retry = setTimeout(() => void refresh(), retryMs)
        retryMs = Math.min(retryMs * 2, RETRY_LAST_MS)
      }
    }
  }

  function refresh(): Promise<void> {
    if (retry) clearTimeout(retry)
    retry = null
    again = true
    running ??= (async () => {
      while (again) {
        again = false
        await loadOnce()
      }
    })().finally(() => {
      running = null
      // Asked for between the last load and now: one more.
      if (again) void refresh()
    })
    return running
  }

  function listen() {
    if (source || typeof EventSource === 'undefined') return
    source = openStream(options.stream)
    for (const name of names) source.addEventListener(name, onEvent)
  }
  function unlisten() {
    if (!source) return
    for (const name of names) source.removeEventListener(name, onEvent)
    source = null
    closeStream(options.stream)
  }
  function onVisibility() {
    if (document.visibilityState === 'hidden') return unlisten()
    listen()
    void refresh()
  }

  return {
    start() {
      if (started) return
      started = true
      document.addEventListener('visibilitychange', onVisibility)
      if (document.visibilityState !== 'hidden') listen()
      void refresh()
    },
    refresh,
    stop() {
      started = false
      again = false
      document.removeEventListener('visibilitychange', onVisibility)
      unlisten()
      controller?.abort()
      if (retry) clearTimeout(retry)
      retry = null
    },
  }
}
