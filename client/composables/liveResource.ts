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
  /** Started, and its next load waits for the stream's `ready`: a load asked for now would come before it for nothing. */
  waiting(): boolean
}

const RETRY_FIRST_MS = 2_000
const RETRY_LAST_MS = 30_000

/**
 * One EventSource per stream URL in a tab, shared by the live resources that listen to it (the
 * sidebar's page tree and the space's page list both follow the tree's stream): over HTTP/1.1 a
 * browser keeps about six connections per site, for every tab of it together, and each open
 * stream holds one for as long as it is open. `firstConnection` is true until the stream first
 * says `ready` (the server subscribes it before saying so) or fails.
 */
interface SharedStream { source: EventSource, users: number, firstConnection: boolean }
const shared = new Map<string, SharedStream>()

function openStream(url: string): SharedStream {
  let entry = shared.get(url)
  if (!entry) {
    const stream: SharedStream = entry = { source: new EventSource(url), users: 0, firstConnection: true }
    // Added before any resource's listeners, so the flag is current when theirs run.
    const settled = () => { stream.firstConnection = false }
    stream.source.addEventListener('ready', settled)
    stream.source.addEventListener('error', settled)
    shared.set(url, stream)
  }
  entry.users += 1
  return entry
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
 * Keeps what the API answers fresh: loads it once its event stream is listening (`ready`), and
 * again whenever the stream says it changed, after every reconnection of the stream (changes may
 * have been missed meanwhile), and when the tab shows again. A load before `ready` would be
 * followed by another at `ready` anyway: what it answered may have changed before the stream
 * listened. Only a stream's first connection is waited for: a stream another resource opened
 * earlier is listening, or reconnecting, or gone for good (a refused reconnection ends it), so
 * the load starts at once. So it does when the tab is hidden, when the browser has no
 * EventSource, and when the first connection fails (the load then shows the failure, or the
 * answer without live updates until the stream reconnects). Loads run one after another, and a
 * call while one runs asks for one more after it, so the last answer shown is never older than
 * the last call. A failed load is shown through `onError` and tried again after a growing pause.
 * The stream is closed while the tab is hidden, because browsers allow few open requests per
 * site.
 */
export function liveResource<T>(options: LiveResourceOptions<T>): LiveResource {
  let started = false
  let stream: SharedStream | null = null
  // Whether a load was asked for since the resource (re)started listening.
  let asked = false
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
    asked = true
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

  // The stream failed before this resource loaded: load now rather than wait for a reconnection.
  const onFailure = () => { if (!asked) void refresh() }

  /** Listens to the stream and loads: at its `ready` while it makes its first connection, else now. */
  function listenAndLoad() {
    asked = false
    if (!stream && document.visibilityState !== 'hidden' && typeof EventSource !== 'undefined') {
      stream = openStream(options.stream)
      for (const name of names) stream.source.addEventListener(name, onEvent)
      stream.source.addEventListener('error', onFailure)
    }
    if (!stream?.firstConnection) void refresh()
  }
  function unlisten() {
    if (!stream) return
    for (const name of names) stream.source.removeEventListener(name, onEvent)
    stream.source.removeEventListener('error', onFailure)
    stream = null
    closeStream(options.stream)
  }
  function onVisibility() {
    if (document.visibilityState === 'hidden') return unlisten()
    listenAndLoad()
  }

  return {
    start() {
      if (started) return
      started = true
      document.addEventListener('visibilitychange', onVisibility)
      listenAndLoad()
    },
    refresh,
    waiting: () => started && !asked,
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
