/** An open `GET /api/spaces/:spaceId/tree/events` stream, read as a test would. */
export interface TreeEvents {
  status: number
  /** The event names received so far (`ready`, `tree`…). */
  events: string[]
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>
  /** Resolves once `count` events named `name` have arrived. */
  waitFor(name: string, count?: number): Promise<void>
  close(): void
}

/**
 * Opens the tree stream of a space as `token` (null: anonymous) and reads it in the background;
 * `feed` 'graph' opens the map of links' stream instead (`/graph/events`).
 */
export async function openTreeEvents(baseUrl: string, spaceId: string, token: string | null, feed: 'tree' | 'graph' = 'tree'): Promise<TreeEvents> {
  const controller = new AbortController()
  const response = await fetch(`${baseUrl}/api/spaces/${spaceId}/${feed}/events`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  })
  const events: string[] = []
  const waiters = new Set<() => void>()
  const ended = (async () => {
    if (!response.ok || !response.body) return
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      const reader = response.body.getReader()
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const name = /^event: (.*)$/mu.exec(block)?.[1]
          if (name) events.push(name)
          for (const wake of [...waiters]) wake()
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  return {
    status: response.status,
    events,
    ended,
    waitFor: (name, count = 1) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (events.filter((e) => e === name).length >= count) {
          waiters.delete(check)
          resolve()
        }
      }
      waiters.add(check)
      check()
      void ended.then(() => {
        if (waiters.delete(check)) reject(new Error(`the stream ended before ${count} “${name}” event(s); got ${events.join(', ')}`))
      })
    }),
    close: () => controller.abort(),
  }
}
