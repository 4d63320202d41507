import { createRoute } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { authorizeSpace } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import type { SpaceTreeFeed } from '../../pages/SpaceTreeFeed.ts'

/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 25_000

/**
 * `GET /api/spaces/:spaceId/tree/events`: a Server-Sent Events stream, for readers of the
 * space, with an event `tree` each time a page of the space is created, renamed, moved or
 * deleted (data `{}`; refetch `GET /api/spaces/:spaceId/pages`). It opens with `ready`, and
 * ends when the reader may no longer read the space or their session ends.
 */
export function spaceTreeRoutes(services: Services, feed: SpaceTreeFeed) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/tree/events', tags: ['Pages'], summary: 'A stream telling readers when the space’s page tree changes',
      description: 'Server-Sent Events: `ready` once, then `tree` (data `{}`) whenever a page of the space is created, renamed, moved or deleted; '
        + 'refetch the pages. It ends when the reader may no longer read the space or their session ends.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(services.db, actor, c.req.valid('param').spaceId, 'read')
      c.header('X-Accel-Buffering', 'no')
      return streamSSE(c, async (stream) => {
        let finish = () => {}
        const ended = new Promise<void>((resolve) => { finish = resolve })
        const write = (text: string) => { stream.write(text).catch(finish) }
        const unsubscribe = feed.subscribe(space.id, {
          actor,
          notify: () => write('event: tree\ndata: {}\n\n'),
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
    })
}
