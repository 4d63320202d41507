import { Hono, type Context } from 'hono'
import { findUserByUsername } from '../accounts/userQueries.ts'
import { notFound, unauthenticated } from '../http/AppError.ts'
import { clientAddress } from '../http/clientAddress.ts'
import type { HttpEnv } from '../http/HttpEnv.ts'
import { readBody } from '../http/readBody.ts'
import { authorizePage, authorizeSpace } from '../policies/authorize.ts'
import type { Services } from '../Services.ts'
import { namedVersionBody, recentChangesQuery, revisionListQuery } from './historySchemas.ts'
import { HistoryBusyError, HistoryLimiter } from './HistoryLimiter.ts'
import type { HistoryTask } from './historyTask.ts'
import type { HistoryWorkers } from './HistoryWorkers.ts'
import { presentRecentChanges } from './presentRecentChanges.ts'
import { presentRevision, presentRevisions } from './presentRevisions.ts'
import { readQuery } from './readQuery.ts'
import { restoreRevision } from './restoreRevision.ts'
import { findRevision, listRecentChanges, listRevisions } from './revisionQueries.ts'
import type { RevisionsExtension } from './RevisionsExtension.ts'

/**
 * Page history: the timeline, one revision's content, diff, blame, named versions, restore,
 * and a space's recent changes. Readers of a page read its history; editors name and restore.
 * The answers that rebuild a whole document (a revision's content, diff, blame) go through the
 * HistoryLimiter (bounded, rate-limited per caller with 429 + Retry-After, cached) and are
 * computed by HistoryWorkers, off the event loop.
 */
export function historyRoutes(services: Services, revisions: () => RevisionsExtension, workers: () => HistoryWorkers): Hono<HttpEnv> {
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
  return new Hono<HttpEnv>()
    .get('/pages/:pageId/revisions', async (c) => {
      const query = readQuery(c, revisionListQuery)
      const { page } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      return c.json(await presentRevisions(db, await listRevisions(db, page.id, query)))
    })
    .post('/pages/:pageId/revisions', async (c) => {
      const body = await readBody(c, namedVersionBody)
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.param('pageId'), 'edit')
      const cut = await revisions().cutNow(page.id, { kind: 'named', name: body.name, summary: body.summary, createdBy: actor.userId })
      if (!cut) throw notFound('That page')
      return c.json(await presentRevision(db, cut.revision), 201)
    })
    .get('/pages/:pageId/revisions/:revisionId', async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      const revision = (await revisionOf(page.id, c.req.param('revisionId')))!
      return expensive(c, `content:${page.id}:${revision.id}`, { kind: 'content', revision })
    })
    .post('/pages/:pageId/revisions/:revisionId/restore', async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.param('pageId'), 'edit')
      if (!actor.userId) throw unauthenticated()
      const revision = (await revisionOf(page.id, c.req.param('revisionId')))!
      const restored = await restoreRevision(services, revisions(), { ...actor, userId: actor.userId }, page, revision)
      return c.json(await presentRevision(db, restored), 201)
    })
    .get('/pages/:pageId/diff', async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      const [from, to] = await Promise.all([revisionOf(page.id, c.req.query('from')), revisionOf(page.id, c.req.query('to'))])
      // Between two revisions (or the empty page and one) the answer never changes; to "now" it does.
      const key = to ? `diff:${page.id}:${from?.id ?? '-'}:${to.id}` : null
      return expensive(c, key, { kind: 'diff', pageId: page.id, from, to })
    })
    .get('/pages/:pageId/blame', async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      const revision = await revisionOf(page.id, c.req.query('revision'))
      return expensive(c, revision ? `blame:${page.id}:${revision.id}` : null, { kind: 'blame', pageId: page.id, revision })
    })
    .get('/spaces/:spaceId/changes', async (c) => {
      const query = readQuery(c, recentChangesQuery)
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.param('spaceId'), 'read')
      let userId: string | undefined
      if (query.user) {
        const user = await findUserByUsername(db, query.user)
        if (!user) return c.json([])
        userId = user.id
      }
      const rows = await listRecentChanges(db, space.id, { userId, limit: query.limit, before: query.before ? new Date(query.before) : undefined })
      return c.json(await presentRecentChanges(db, rows))
    })
}
