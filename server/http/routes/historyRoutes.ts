import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { findUserByUsername } from '../../accounts/userQueries.ts'
import { notFound, unauthenticated } from '../../core/AppError.ts'
import { creationKeysetPage } from '../../core/creationKeysetPage.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { clientAddress } from '../clientAddress.ts'
import { createApiRouter } from '../createApiRouter.ts'
import type { HttpEnv } from '../../core/HttpEnv.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import { blameQuery, diffQuery, namedVersionBody, recentChangesQuery, revisionListQuery } from '../../history/historySchemas.ts'
import { HistoryBusyError, HistoryLimiter } from '../../history/HistoryLimiter.ts'
import type { HistoryTask } from '../../history/historyTask.ts'
import type { HistoryWorkers } from '../../history/HistoryWorkers.ts'
import { presentRecentChanges } from '../../history/presentRecentChanges.ts'
import { presentRevision, presentRevisions } from '../../history/presentRevisions.ts'
import { restoreRevision } from '../../history/restoreRevision.ts'
import { findRevision, listRecentChanges, listRevisions } from '../../history/revisionQueries.ts'
import type { RevisionsExtension } from '../../history/RevisionsExtension.ts'

const tags = ['History']
const pageParams = pathParams('pageId')

/**
 * Page history: the timeline, one revision's content, diff, blame, named versions, restore,
 * and a space's recent changes. Readers of a page read its history; editors name and restore.
 * The answers that rebuild a whole document (a revision's content, diff, blame) go through the
 * HistoryLimiter (bounded, rate-limited per caller with 429 + Retry-After, cached) and are
 * computed by HistoryWorkers, off the event loop.
 */
export function historyRoutes(services: Services, revisions: () => RevisionsExtension, workers: () => HistoryWorkers) {
  const { db } = services
  const limiter = new HistoryLimiter(services.config.limits, services.metrics)
  const expensive = async (c: Context<HttpEnv>, cacheKey: string | null, task: HistoryTask) => {
    const caller = c.get('actor').userId ?? `address:${clientAddress(c)}`
    try {
      return c.body(await limiter.answer(caller, cacheKey, () => workers().run(task)), 200, { 'Content-Type': 'application/json' })
    } catch (error) {
      if (error instanceof HistoryBusyError) c.header('Retry-After', String(error.retryAfterSeconds))
      throw error
    }
  }
  const revisionOf = async (pageId: string, id: string | undefined) => {
    if (id === undefined || id === '') return null
    const revision = await findRevision(db, pageId, id)
    if (!revision) throw notFound('That revision')
    return revision
  }
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/revisions', tags, summary: 'A page’s revisions, newest first',
      request: { params: pageParams, query: revisionListQuery },
      responses: answers({ 200: '`[{id, number, createdAt, authors, summary, name, …}]`.' }, [404]),
    }), async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      return c.json(await presentRevisions(db, await listRevisions(db, page.id, c.req.valid('query'))))
    })
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/revisions', tags, summary: 'Names a version of the page as it is now (editors)',
      request: { params: pageParams, body: jsonBody(namedVersionBody, 'Both fields are optional: `{}` (or no body and no Content-Type) names the version nothing.') },
      responses: answers({ 201: 'The new revision.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const body = c.req.valid('json')
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'edit')
      const cut = await revisions().cutNow(page.id, { kind: 'named', name: body.name, summary: body.summary, createdBy: actor.userId })
      if (!cut) throw notFound('That page')
      return c.json(await presentRevision(db, cut.revision), 201)
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/revisions/{revisionId}', tags, summary: 'One revision’s content',
      request: { params: pathParams('pageId', 'revisionId') },
      responses: answers({ 200: 'The revision and its document as it was.' }, [404, 429]),
    }), async (c) => {
      const { pageId, revisionId } = c.req.valid('param')
      const { page } = await authorizePage(db, c.get('actor'), pageId, 'read')
      const revision = (await revisionOf(page.id, revisionId))!
      return expensive(c, `content:${page.id}:${revision.id}`, { kind: 'content', revision })
    })
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/revisions/{revisionId}/restore', tags, summary: 'Restores the page to a revision, as a new revision (editors)',
      request: { params: pathParams('pageId', 'revisionId') },
      responses: answers({ 201: 'The new revision.' }, [401, 403, 404]),
    }), async (c) => {
      const { pageId, revisionId } = c.req.valid('param')
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, pageId, 'edit')
      if (!actor.userId) throw unauthenticated()
      const revision = (await revisionOf(page.id, revisionId))!
      const restored = await restoreRevision(services, revisions(), { ...actor, userId: actor.userId }, page, revision)
      return c.json(await presentRevision(db, restored), 201)
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/diff', tags, summary: 'What changed between two revisions, word by word, with authors',
      request: { params: pageParams, query: diffQuery },
      responses: answers({ 200: 'The diff.' }, [404, 429]),
    }), async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      const query = c.req.valid('query')
      const [from, to] = await Promise.all([revisionOf(page.id, query.from), revisionOf(page.id, query.to)])
      // Between two revisions (or the empty page and one) the answer never changes; to "now" it does.
      const key = to ? `diff:${page.id}:${from?.id ?? '-'}:${to.id}` : null
      return expensive(c, key, { kind: 'diff', pageId: page.id, from, to })
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/blame', tags, summary: 'Who wrote each part of the page (now, or at a revision)',
      request: { params: pageParams, query: blameQuery },
      responses: answers({ 200: 'The annotated page.' }, [404, 429]),
    }), async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      const revision = await revisionOf(page.id, c.req.valid('query').revision)
      return expensive(c, revision ? `blame:${page.id}:${revision.id}` : null, { kind: 'blame', pageId: page.id, revision })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/changes', tags, summary: 'A space’s recent changes, newest first; `Link: <…>; rel="next"` (a cursor) while there are more',
      request: { params: pathParams('spaceId'), query: recentChangesQuery },
      responses: answers({ 200: 'The changes.' }, [400, 404]),
    }), async (c) => {
      const query = c.req.valid('query')
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      let userId: string | undefined
      if (query.user) {
        const user = await findUserByUsername(db, query.user)
        if (!user) return c.json([])
        userId = user.id
      }
      const before = query.before ? new Date(query.before) : undefined
      const found = await creationKeysetPage(space.id, query.limit, query.cursor,
        (limit, after) => listRecentChanges(db, space.id, { userId, limit, before, after }),
        (row) => ({ createdKey: row.createdKey, id: row.id }))
      if (found.nextCursor) {
        const next = new URLSearchParams({ ...(query.user ? { user: query.user } : {}), limit: String(query.limit), cursor: found.nextCursor })
        c.header('Link', `</api/spaces/${space.id}/changes?${next}>; rel="next"`)
      }
      return c.json(await presentRecentChanges(db, found.rows))
    })
}
