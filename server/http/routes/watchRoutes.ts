import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Actor } from '../../core/Actor.ts'
import { unauthenticated } from '../../core/AppError.ts'
import type { Services } from '../../core/Services.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import { readableSpaceIds } from '../../policies/readableSpaceIds.ts'
import { presentPageWatch, presentWatchedPage } from '../../watchlist/presentWatchedPage.ts'
import { listWatchedPages } from '../../watchlist/watchlistQueries.ts'
import { recordPageVisit } from '../../watchlist/recordPageVisit.ts'
import {
  isWatchingSpace, readWatchSettings, setPageWatch, setSpaceWatch, writeWatchSettings,
} from '../../watchlist/watchQueries.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Watchlist']
const watchBody = z.object({ watching: z.boolean() })
const settingsBody = z.object({ autoWatch: z.boolean().optional(), notifyChanges: z.boolean().optional() }).strict()
  .refine((body) => body.autoWatch !== undefined || body.notifyChanges !== undefined, 'Give autoWatch, notifyChanges or both.')
const pageParams = pathParams('pageId')
const spaceParams = pathParams('spaceId')

/** The signed-in user behind a request; the watchlist is nobody's for anonymous readers. */
function signedIn(actor: Actor): string {
  if (!actor.userId) throw unauthenticated('Sign in to keep a watchlist.')
  return actor.userId
}

/**
 * The watchlist: watching pages and spaces, visits ("since your last visit") and the list of
 * watched pages others changed. Everything is for the caller alone, and only about pages
 * they may read now.
 */
export function watchRoutes(services: Services) {
  const { db } = services
  const pageState = async (actor: Actor, userId: string, pageId: string) =>
    presentPageWatch((await listWatchedPages(db, userId, await readableSpaceIds(db, actor), pageId))[0])
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/watchlist', tags, summary: 'Watched pages, those others changed since the caller’s last visit first',
      description: 'Pages watched by choice or because the caller created or edited them (`via`), and the changed pages of watched spaces. '
        + '`changes` says who changed them and how much since the caller’s last visit; `changes.seenRevision` is where the diff starts.',
      responses: answers({ 200: '`[{pageId, title, changedSince, via, lastVisitAt, changes, …}]`.' }, [401]),
    }), async (c) => {
      const actor = c.get('actor')
      const rows = await listWatchedPages(db, signedIn(actor), await readableSpaceIds(db, actor))
      return c.json(rows.map(presentWatchedPage))
    })
    .openapi(createRoute({
      method: 'get', path: '/watchlist/settings', tags, summary: 'The caller’s watchlist settings',
      description: '`autoWatch`: pages the caller creates or edits are watched (default on). '
        + '`notifyChanges`: others’ changes to watched pages reach the notification inbox, one entry per page until read (default off).',
      responses: answers({ 200: '`{autoWatch, notifyChanges}`.' }, [401]),
    }), async (c) => c.json(await readWatchSettings(db, signedIn(c.get('actor')))))
    .openapi(createRoute({
      method: 'put', path: '/watchlist/settings', tags, summary: 'Changes the caller’s watchlist settings',
      description: 'Either setting or both; the one left out keeps its value.',
      request: { body: jsonBody(settingsBody) },
      responses: answers({ 200: '`{autoWatch, notifyChanges}`: all the settings now.' }, [401, ...BODY_REFUSALS]),
    }), async (c) => c.json(await writeWatchSettings(db, signedIn(c.get('actor')), c.req.valid('json'))))
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/watch', tags, summary: 'Whether the caller watches the page, and what changed since their last visit',
      request: { params: pageParams },
      responses: answers({ 200: '`{watching, via, changedSince, lastVisitAt, changes}`.' }, [401, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      return c.json(await pageState(actor, signedIn(actor), page.id))
    })
    .openapi(createRoute({
      method: 'put', path: '/pages/{pageId}/watch', tags, summary: 'Watches a page, or stops watching it',
      description: 'Not watching is remembered: the page stays off the watchlist even when its space is watched or the caller edits it.',
      request: { params: pageParams, body: jsonBody(watchBody) },
      responses: answers({ 200: 'The page’s watch state.' }, [401, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      const userId = signedIn(actor)
      await setPageWatch(db, userId, page.id, c.req.valid('json').watching)
      return c.json(await pageState(actor, userId, page.id))
    })
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/visit', tags, summary: 'Records that the caller is looking at the page now',
      description: 'Answers the watch state as it was before this visit, so a page can offer “show changes since your last visit”.',
      request: { params: pageParams },
      responses: answers({ 200: 'The watch state before the visit.' }, [401, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      const userId = signedIn(actor)
      const before = await pageState(actor, userId, page.id)
      await recordPageVisit(services, userId, page.id)
      return c.json(before)
    })
    .openapi(createRoute({
      method: 'post', path: '/watchlist/visits', tags, summary: 'Records that the caller left a page (a visit), if they may read it',
      description: 'For a page being left: `204` whether or not the page exists or is readable (then nothing is recorded), '
        + 'so a page deleted or closed to the caller meanwhile is no error, and the answer tells nothing.',
      request: { body: jsonBody(z.object({ pageId: z.string().max(64) })) },
      responses: answers({ 204: 'Recorded, or nothing to record.' }, [401, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const userId = signedIn(actor)
      const page = await authorizePage(db, actor, c.req.valid('json').pageId, 'read').catch(() => null)
      if (page) await recordPageVisit(services, userId, page.page.id)
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/watch', tags, summary: 'Whether the caller watches the whole space',
      request: { params: spaceParams },
      responses: answers({ 200: '`{watching}`.' }, [401, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return c.json({ watching: await isWatchingSpace(db, signedIn(actor), space.id) })
    })
    .openapi(createRoute({
      method: 'put', path: '/spaces/{spaceId}/watch', tags, summary: 'Watches every page of a space, or stops',
      request: { params: spaceParams, body: jsonBody(watchBody) },
      responses: answers({ 200: '`{watching}`.' }, [401, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      const { watching } = c.req.valid('json')
      await setSpaceWatch(db, signedIn(actor), space.id, watching)
      return c.json({ watching })
    })
}
