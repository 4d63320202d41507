import { createRoute } from '@hono/zod-openapi'
import { movePageBody, renamePageBody } from '../../../shared/apiSchemas.ts'
import { deletePage } from '../../pages/deletePage.ts'
import { movePage } from '../../pages/movePage.ts'
import { findPageBySlug } from '../../pages/pageQueries.ts'
import { presentPage } from '../../pages/presentPage.ts'
import { renamePage } from '../../pages/renamePage.ts'
import { authorizePage, authorizeSpaceBySlug } from '../../policies/authorize.ts'
import type { Services } from '../../core/Services.ts'
import { notFound } from '../../core/AppError.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Pages']

/** Reading, renaming, moving and deleting pages. */
export function pageRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}', tags, summary: 'A page, with what the caller may do with it',
      request: { params: pathParams('pageId') },
      responses: answers({ 200: 'The page.' }, [404]),
    }), async (c) => {
      const { page, space, abilities } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      return c.json(presentPage(page, space, abilities))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/by-slug/{slug}/pages/{pageSlug}', tags, summary: 'A page by its space’s slug and its own',
      request: { params: pathParams('slug', 'pageSlug') },
      responses: answers({ 200: 'The page.' }, [404]),
    }), async (c) => {
      const { slug, pageSlug } = c.req.valid('param')
      const { space, abilities } = await authorizeSpaceBySlug(db, c.get('actor'), slug, 'read')
      const page = await findPageBySlug(db, space.id, pageSlug)
      if (!page) throw notFound('That page')
      return c.json(presentPage(page, space, abilities))
    })
    .openapi(createRoute({
      method: 'patch', path: '/pages/{pageId}', tags, summary: 'Renames a page (editors)',
      description: 'Links to the old title keep working: it becomes an alias of the page.',
      request: { params: pathParams('pageId'), body: jsonBody(renamePageBody) },
      responses: answers({ 200: 'The renamed page.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const renamed = await renamePage(services, c.get('actor'), c.req.valid('param').pageId, c.req.valid('json').title)
      const { space, abilities } = await authorizePage(db, c.get('actor'), renamed.id, 'read')
      return c.json(presentPage(renamed, space, abilities))
    })
    .openapi(createRoute({
      method: 'put', path: '/pages/{pageId}/position', tags, summary: 'Moves a page in its space’s tree (editors)',
      description: 'Under `parentId` (null: the top level) at `position` among its new siblings; past the end = last. '
        + 'A parent outside the space is a 400 `invalid_parent`; a parent inside the page’s own subtree a 409 `tree_cycle`. '
        + 'Links are by title, so none breaks.',
      request: { params: pathParams('pageId'), body: jsonBody(movePageBody) },
      responses: answers({ 200: 'The moved page.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const moved = await movePage(services, c.get('actor'), c.req.valid('param').pageId, c.req.valid('json'))
      const { space, abilities } = await authorizePage(db, c.get('actor'), moved.id, 'read')
      return c.json(presentPage(moved, space, abilities))
    })
    .openapi(createRoute({
      method: 'delete', path: '/pages/{pageId}', tags, summary: 'Deletes a page (editors)',
      request: { params: pathParams('pageId') },
      responses: answers({ 204: 'Deleted.' }, [401, 403, 404]),
    }), async (c) => {
      await deletePage(services, c.get('actor'), c.req.valid('param').pageId)
      return c.body(null, 204)
    })
}
