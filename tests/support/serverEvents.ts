/** An open Server-Sent Events stream of the API, read as a test would. */
export interface ServerEvents {
  status: number
  /** The event names received so far (`ready`, `tree`, `inbox`…). */
  events: string[]
  /** Resolves once the server has ended the stream. */
  ended: Promise<void>
  /** Resolves once `count` events named `name` have arrived (rejects if the stream ends first). */
  waitFor(name: string, count?: number): Promise<void>
  close(): void
}

/** Opens `path` (e.g. `/api/notifications/events`) as `token` (null: anonymous) and reads it in the background. */
export async function openServerEvents(baseUrl: string, path: string, token: string | null): Promise<ServerEvents> {
  const controller = new AbortController()
  const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal })
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
          const name = /^event: (.*)$/mu.exec(buffer.slice(0, end))?.[1]
          buffer = buffer.slice(end + 2)
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
        if (events.filter((e) => e === name).length < count) return
        waiters.delete(check)
        resolve()
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
