import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { Actor } from '../core/Actor.ts'
import type { FeedSubscriber } from '../core/ReaderFeed.ts'
import type { HttpEnv } from '../core/HttpEnv.ts'

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000

/**
 * Answers with a Server-Sent Events stream for one reader (already authorized): `ready` once,
 * then `event` (data `{}`) each time the feed it subscribed to calls `notify`. The event carries
 * nothing: the reader refetches with their own permissions. It ends when the feed closes it
 * (the reader lost access), the client goes, or the session expires.
 */
export function streamEvents(
  c: Context<HttpEnv>, actor: Actor, event: string, subscribe: (listener: FeedSubscriber) => () => void,
): Response {
  c.header('X-Accel-Buffering', 'no')
  return streamSSE(c, async (stream) => {
    let finish = () => {}
    const ended = new Promise<void>((resolve) => { finish = resolve })
    const write = (text: string) => { stream.write(text).catch(finish) }
    const unsubscribe = subscribe({ actor, notify: () => write(`event: ${event}\ndata: {}\n\n`), close: finish })
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
