import { Hono } from 'hono'
import { z } from 'zod'
import type { ApiWantedPage } from '../../shared/linkTypes.ts'
import { MAX_TITLE_LENGTH } from '../../shared/wikiTitle.ts'
import { notFound } from '../http/AppError.ts'
import type { HttpEnv } from '../http/HttpEnv.ts'
import { presentPageSummary } from '../pages/presentPage.ts'
import { authorizePage, authorizeSpace } from '../policies/authorize.ts'
import type { Services } from '../Services.ts'
import { readableSpaceIds } from '../policies/readableSpaceIds.ts'
import { listAliases } from './aliasQueries.ts'
import { listBacklinks, listMostLinked, listOrphans, listOutgoing, listWanted } from './linkListQueries.ts'
import { presentBacklink, presentOutgoing } from './presentLinks.ts'
import { readQuery } from './readQuery.ts'
import { resolveTargets } from './resolveTargets.ts'
import { suggestTitles } from './suggestTitles.ts'

const target = z.string().min(1, 'A title is needed.').max(MAX_TITLE_LENGTH * 2)
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback)

const titlesQuery = z.object({ prefix: z.string().max(MAX_TITLE_LENGTH * 2).default(''), limit: limit(50, 10) })
const resolveQuery = z.object({ title: target })
const resolutionsQuery = z.object({
  target: z.union([target, z.array(target).max(100, 'At most 100 targets at once.')]).transform((t) => (Array.isArray(t) ? t : [t])),
})
const wantedQuery = z.object({ limit: limit(500, 100) })

/**
 * The links API: backlinks, outgoing links and old titles of a page; wanted, orphaned and
 * most linked pages, title autocomplete and title resolution of a space. Everything is filtered to what
 * the caller may read.
 */
export function linkRoutes(services: Services): Hono<HttpEnv> {
  const { db } = services
  return new Hono<HttpEnv>()
    .get('/pages/:pageId/backlinks', async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.param('pageId'), 'read')
      const rows = await listBacklinks(db, page.id, await readableSpaceIds(db, actor))
      return c.json(rows.map(presentBacklink))
    })
    .get('/pages/:pageId/links', async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.param('pageId'), 'read')
      const readable = new Set(await readableSpaceIds(db, actor))
      return c.json((await listOutgoing(db, page.id)).map((row) => presentOutgoing(row, page.spaceId, readable)))
    })
    .get('/pages/:pageId/aliases', async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      return c.json((await listAliases(db, page.id)).map((a) => ({ title: a.title, createdAt: a.createdAt.toISOString() })))
    })
    .get('/spaces/:spaceId/wanted', async (c) => {
      const query = readQuery(c, wantedQuery)
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      const rows: ApiWantedPage[] = await listWanted(db, space.id, await readableSpaceIds(db, actor), query.limit)
      return c.json(rows)
    })
    .get('/spaces/:spaceId/orphans', async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      return c.json((await listOrphans(db, space.id, await readableSpaceIds(db, actor))).map(presentPageSummary))
    })
    .get('/spaces/:spaceId/most-linked', async (c) => {
      const query = readQuery(c, wantedQuery)
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      return c.json(await listMostLinked(db, space.id, await readableSpaceIds(db, actor), query.limit))
    })
    .get('/spaces/:spaceId/titles', async (c) => {
      const query = readQuery(c, titlesQuery)
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      return c.json(await suggestTitles(db, actor, space, query.prefix, query.limit))
    })
    .get('/spaces/:spaceId/resolve', async (c) => {
      const query = readQuery(c, resolveQuery)
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      const [answer] = await resolveTargets(db, actor, space, [query.title])
      if (!answer.page) throw notFound('A page with that title')
      return c.json(answer.page)
    })
    .get('/spaces/:spaceId/resolutions', async (c) => {
      const query = readQuery(c, resolutionsQuery)
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.param('spaceId'), 'read')
      return c.json(await resolveTargets(db, actor, space, query.target))
    })
}
