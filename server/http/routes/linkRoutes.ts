import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { ApiWantedPage } from '../../../shared/linkTypes.ts'
import { MAX_TITLE_LENGTH } from '../../../shared/wikiTitle.ts'
import { notFound } from '../../core/AppError.ts'
import { creationKeysetPage } from '../../core/creationKeysetPage.ts'
import { decodeKeysetCursor, encodeKeysetCursor } from '../../core/keysetCursor.ts'
import { DEFAULT_PAGE_SIZE, pagingQuery } from '../../core/pagingQuery.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'
import { presentPageSummary } from '../../pages/presentPage.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import { readableSpaceIds } from '../../policies/readableSpaceIds.ts'
import { listAliases } from '../../links/aliasQueries.ts'
import { listBacklinksByCreation } from '../../links/listBacklinksByCreation.ts'
import { listOrphansByCreation } from '../../links/listOrphansByCreation.ts'
import { listWantedByTitle } from '../../links/listWantedByTitle.ts'
import { listBacklinks, listMostLinked, listOrphans, listOutgoing, listWanted } from '../../links/linkListQueries.ts'
import { presentBacklink, presentOutgoing } from '../../links/presentLinks.ts'
import { resolveTargets } from '../../links/resolveTargets.ts'
import { suggestTitles } from '../../links/suggestTitles.ts'

const target = z.string().min(1, 'A title is needed.').max(MAX_TITLE_LENGTH * 2)
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback)

const titlesQuery = z.object({ prefix: z.string().max(MAX_TITLE_LENGTH * 2).default(''), limit: limit(50, 10) })
const resolveQuery = z.object({ title: target })
const resolutionsQuery = z.object({
  target: z.union([target, z.array(target).max(100, 'At most 100 targets at once.')]).transform((t) => (Array.isArray(t) ? t : [t])),
})
const wantedQuery = z.object({ limit: limit(500, 100) })
const wantedPagingQuery = wantedQuery.extend({
  order: z.enum(['most', 'title']).default('most')
    .describe('`most`: the `limit` most wanted titles (as always). `title`: one page of them by title, the next in a `Link` header.'),
  cursor: pagingQuery.shape.cursor,
})

const tags = ['Links']
const pageParams = pathParams('pageId')
const spaceParams = pathParams('spaceId')

/**
 * The links API: backlinks, outgoing links and old titles of a page; wanted, orphaned and
 * most linked pages, title autocomplete and title resolution of a space. Everything is filtered to what
 * the caller may read.
 */
export function linkRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/backlinks', tags,
      summary: 'Pages that link to this one (those the caller may read): up to 500 by title; or, with `limit`/`cursor`, one page of them newest created first, the next in a `Link` header',
      request: { params: pageParams, query: pagingQuery },
      responses: answers({ 200: '`[{pageId, title, snippet, …}]` (with `Link: <…>; rel="next"` when paged and there are more).' }, [400, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      const readable = await readableSpaceIds(db, actor)
      const { limit, cursor } = c.req.valid('query')
      if (limit === undefined && cursor === undefined) return c.json((await listBacklinks(db, page.id, readable)).map(presentBacklink))
      const perPage = limit ?? DEFAULT_PAGE_SIZE
      const found = await creationKeysetPage(page.id, perPage, cursor,
        (n, after) => listBacklinksByCreation(db, page.id, readable, n, after),
        (row) => ({ createdKey: row.createdKey, id: row.pageId }))
      if (found.nextCursor) {
        const next = new URLSearchParams({ limit: String(perPage), cursor: found.nextCursor })
        c.header('Link', `</api/pages/${page.id}/backlinks?${next}>; rel="next"`)
      }
      return c.json(found.rows.map(presentBacklink))
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/links', tags, summary: 'The links this page makes, resolved or missing',
      request: { params: pageParams },
      responses: answers({ 200: 'The outgoing links.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { page } = await authorizePage(db, actor, c.req.valid('param').pageId, 'read')
      const readable = new Set(await readableSpaceIds(db, actor))
      return c.json((await listOutgoing(db, page.id)).map((row) => presentOutgoing(row, page.spaceId, readable)))
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/aliases', tags, summary: 'A page’s former titles',
      request: { params: pageParams },
      responses: answers({ 200: '`[{title, createdAt}]`.' }, [404]),
    }), async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      return c.json((await listAliases(db, page.id)).map((a) => ({ title: a.title, createdAt: a.createdAt.toISOString() })))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/wanted', tags,
      summary: 'Titles linked to that have no page yet: the most wanted first; or, with `order=title` (or a `cursor`), one page of them by title, the next in a `Link` header',
      description: 'Paged by title, a walk sees every title wanted all along exactly once however the counts change meanwhile '
        + '(counts change as people write, so the most-wanted order cannot be paged).',
      request: { params: spaceParams, query: wantedPagingQuery },
      responses: answers({ 200: '`[{title, links, pages, linkedFrom}]` (with `Link: <…>; rel="next"` when paged and there are more).' }, [400, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      const readable = await readableSpaceIds(db, actor)
      const { limit: perPage, order, cursor } = c.req.valid('query')
      if (order === 'most' && cursor === undefined) {
        const rows: ApiWantedPage[] = await listWanted(db, space.id, readable, perPage)
        return c.json(rows)
      }
      const scope = `wanted:${space.id}`
      const afterKey = cursor === undefined ? undefined : decodeKeysetCursor(cursor, scope, 1).key[0]
      const fetched = await listWantedByTitle(db, space.id, readable, perPage + 1, afterKey)
      const rows = fetched.slice(0, perPage)
      if (fetched.length > perPage) {
        const next = new URLSearchParams({ order: 'title', limit: String(perPage), cursor: encodeKeysetCursor({ scope, key: [rows.at(-1)!.key] }) })
        c.header('Link', `</api/spaces/${space.id}/wanted?${next}>; rel="next"`)
      }
      return c.json(rows.map(({ key: _key, ...row }): ApiWantedPage => row))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/orphans', tags,
      summary: 'Pages no other page links to: all, by title; or, with `limit`/`cursor`, one page of them newest created first, the next in a `Link` header',
      request: { params: spaceParams, query: pagingQuery },
      responses: answers({ 200: 'The orphaned pages (with `Link: <…>; rel="next"` when paged and there are more).' }, [400, 404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      const readable = await readableSpaceIds(db, actor)
      const { limit, cursor } = c.req.valid('query')
      if (limit === undefined && cursor === undefined) return c.json((await listOrphans(db, space.id, readable)).map(presentPageSummary))
      const perPage = limit ?? DEFAULT_PAGE_SIZE
      const found = await creationKeysetPage(space.id, perPage, cursor,
        (n, after) => listOrphansByCreation(db, space.id, readable, n, after),
        (page) => ({ createdKey: page.createdKey, id: page.id }))
      if (found.nextCursor) {
        const next = new URLSearchParams({ limit: String(perPage), cursor: found.nextCursor })
        c.header('Link', `</api/spaces/${space.id}/orphans?${next}>; rel="next"`)
      }
      return c.json(found.rows.map(presentPageSummary))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/most-linked', tags, summary: 'The space’s pages by how many readable pages link to them, most first',
      request: { params: spaceParams, query: wantedQuery },
      responses: answers({ 200: '`[{pageId, title, slug, pages}]`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return c.json(await listMostLinked(db, space.id, await readableSpaceIds(db, actor), c.req.valid('query').limit))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/titles', tags, summary: 'Title autocomplete',
      request: { params: spaceParams, query: titlesQuery },
      responses: answers({ 200: 'Matching titles.' }, [404]),
    }), async (c) => {
      const query = c.req.valid('query')
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return c.json(await suggestTitles(db, actor, space, query.prefix, query.limit))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/resolve', tags, summary: 'The page a link target leads to',
      request: { params: spaceParams, query: resolveQuery },
      responses: answers({ 200: 'The page.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      const [answer] = await resolveTargets(db, actor, space, [c.req.valid('query').title])
      if (!answer.page) throw notFound('A page with that title')
      return c.json(answer.page)
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/resolutions', tags, summary: 'Where each of several link targets leads (repeat `target`)',
      request: { params: spaceParams, query: resolutionsQuery },
      responses: answers({ 200: 'One answer per target, in order.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return c.json(await resolveTargets(db, actor, space, c.req.valid('query').target))
    })
}
