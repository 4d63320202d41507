import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Actor } from '../core/Actor.ts'
import type { HttpEnv } from '../core/HttpEnv.ts'
import type { SpaceTreeFeed } from '../pages/SpaceTreeFeed.ts'

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000

/**
 * Answers with a Server-Sent Events stream of a space feed for one reader (already authorized):
 * `ready` once, then `event` (data `{}`) each time the feed says the space changed. It ends when
 * the feed closes it (the reader lost access), the client goes, or the session expires.
 */
export function streamSpaceFeed(c: Context<HttpEnv>, feed: SpaceTreeFeed, spaceId: string, actor: Actor, event: string): Response {
  c.header('X-Accel-Buffering', 'no')
  return streamSSE(c, async (stream) => {
    let finish = () => {}
    const ended = new Promise<void>((resolve) => { finish = resolve })
    const write = (text: string) => { stream.write(text).catch(finish) }
    const unsubscribe = feed.subscribe(spaceId, {
      actor,
      notify: () => write(`event: ${event}\ndata: {}\n\n`),
      close: finish,
    })
    stream.onAbort(finish)
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS)
    const expiry = actor.sessionExpiresAt
      ? setTimeout(finish, Math.max(0, Math.min(actor.sessionExpiresAt - Date.now(), 2 ** 31 - 1)))
      : undefined
    write('event: ready\ndata: {}\n\n')
    try {
      await ended
    } finally {
      unsubscribe()
      clearInterval(keepAlive)
      clearTimeout(expiry)
    }
  })
}
