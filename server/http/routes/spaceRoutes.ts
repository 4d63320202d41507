import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { createPageBody, createSpaceBody, memberRoleBody, updateSpaceBody } from '../../../shared/apiSchemas.ts'
import { createPage } from '../../pages/createPage.ts'
import { pageListOrdered } from '../../pages/pageListOrdered.ts'
import { pageListPage } from '../../pages/pageListPage.ts'
import { DEFAULT_PAGE_SIZE, pagingQuery } from '../../core/pagingQuery.ts'
import { listPages } from '../../pages/pageQueries.ts'
import { presentPageSummary } from '../../pages/presentPage.ts'
import { authorizeSpace, authorizeSpaceBySlug } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import { changeSpace, createSpace, joinSpace, removeMember, setMemberRole } from '../../spaces/spaceCommands.ts'
import { presentSpace } from '../../spaces/presentSpace.ts'
import { listMembers, listReadableSpaces } from '../../spaces/spaceQueries.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Spaces']
const space = { params: pathParams('spaceId') }
const member = { params: pathParams('spaceId', 'username') }

const pageListQuery = pagingQuery.extend({
  order: z.enum(['created', 'title', 'changed']).optional()
    .describe('Order of the paged list: `created` (newest first, the default), `title` (A→Z) or `changed` (most recent first).'),
  prefix: z.string().max(200).optional()
    .describe('Paged list only: the pages whose title starts with this (case and spacing folded); with no `order`, by last change.'),
})

/** Spaces, their members and their pages. */
export function spaceRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces', tags, summary: 'The spaces the caller may read, with the caller’s role',
      responses: answers({ 200: 'The spaces.' }),
    }), async (c) => {
      const actor = c.get('actor')
      return c.json((await listReadableSpaces(db, actor.userId)).map((space) => presentSpace(space, actor)))
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces', tags, summary: 'Creates a space; the caller becomes its owner',
      request: { body: jsonBody(createSpaceBody) },
      responses: answers({ 201: 'The new space.' }, [401, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const created = await createSpace(services, c.get('actor'), c.req.valid('json'))
      return c.json(presentSpace({ ...created, role: 'owner' }, c.get('actor')), 201)
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/by-slug/{slug}', tags, summary: 'A space by its slug',
      request: { params: pathParams('slug') },
      responses: answers({ 200: 'The space.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpaceBySlug(db, c.get('actor'), c.req.valid('param').slug, 'read')
      return c.json(presentSpace(found.space, c.get('actor')))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}', tags, summary: 'A space',
      request: space,
      responses: answers({ 200: 'The space.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json(presentSpace(found.space, c.get('actor')))
    })
    .openapi(createRoute({
      method: 'patch', path: '/spaces/{spaceId}', tags, summary: 'Changes a space’s name, visibility or joinability (owners)',
      request: { ...space, body: jsonBody(updateSpaceBody) },
      responses: answers({ 200: 'The changed space.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const { spaceId } = c.req.valid('param')
      await changeSpace(services, c.get('actor'), spaceId, c.req.valid('json'))
      const found = await authorizeSpace(db, c.get('actor'), spaceId, 'read')
      return c.json(presentSpace(found.space, c.get('actor')))
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces/{spaceId}/join', tags, summary: 'Joins a joinable public space as an editor',
      request: space,
      responses: answers({ 200: 'The space, with the caller’s new role.' }, [401, 403, 404]),
    }), async (c) => {
      const { spaceId } = c.req.valid('param')
      await joinSpace(services, c.get('actor'), spaceId)
      const found = await authorizeSpace(db, c.get('actor'), spaceId, 'read')
      return c.json(presentSpace(found.space, c.get('actor')))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/members', tags, summary: 'A space’s members and their roles (members)',
      request: space,
      responses: answers({ 200: 'The members.' }, [401, 403, 404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'seeMembers')
      return c.json(await listMembers(db, found.space.id))
    })
    .openapi(createRoute({
      method: 'put', path: '/spaces/{spaceId}/members/{username}', tags, summary: 'Adds a member or changes their role (owners)',
      request: { ...member, body: jsonBody(memberRoleBody) },
      responses: answers({ 200: 'The member.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const { spaceId, username } = c.req.valid('param')
      return c.json(await setMemberRole(services, c.get('actor'), spaceId, username, c.req.valid('json').role))
    })
    .openapi(createRoute({
      method: 'delete', path: '/spaces/{spaceId}/members/{username}', tags, summary: 'Removes a member (owners); their open connections lose access at once',
      request: member,
      responses: answers({ 204: 'Removed.' }, [401, 403, 404]),
    }), async (c) => {
      const { spaceId, username } = c.req.valid('param')
      await removeMember(services, c.get('actor'), spaceId, username)
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/pages', tags: ['Pages'],
      summary: 'A space’s pages: all, most recently changed first; or, with `limit`/`cursor`, one page of them newest created first, the next in a `Link` header',
      description: 'Paged, `order=title` lists A→Z and `order=changed` most recently changed first (default: newest created); '
        + '`prefix` keeps the pages whose title starts with it (case and spacing folded).',
      request: { ...space, query: pageListQuery },
      responses: answers({ 200: 'The pages (with `Link: <…>; rel="next"` when paged and there are more).' }, [400, 404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const { limit, cursor, order, prefix } = c.req.valid('query')
      if (limit === undefined && cursor === undefined) return c.json((await listPages(db, found.space.id)).map(presentPageSummary))
      const perPage = limit ?? DEFAULT_PAGE_SIZE
      const page = order === 'title' || order === 'changed' || prefix
        ? await pageListOrdered(db, found.space.id, order === 'title' ? 'title' : 'changed', perPage, cursor, prefix)
        : await pageListPage(db, found.space.id, perPage, cursor)
      if (page.nextCursor) {
        const next = new URLSearchParams({ ...(order ? { order } : {}), ...(prefix ? { prefix } : {}), limit: String(perPage), cursor: page.nextCursor })
        c.header('Link', `</api/spaces/${found.space.id}/pages?${next}>; rel="next"`)
      }
      return c.json(page.rows.map(presentPageSummary))
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces/{spaceId}/pages', tags: ['Pages'], summary: 'Creates an empty page (editors), under `parentId` when given',
      request: { ...space, body: jsonBody(createPageBody) },
      responses: answers({ 201: 'The new page.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const page = await createPage(services, c.get('actor'), c.req.valid('param').spaceId, c.req.valid('json').title, c.req.valid('json').parentId ?? null)
      return c.json({ ...presentPageSummary(page), spaceId: page.spaceId }, 201)
    })
}
