import { Hono } from 'hono'
import { movePageBody, renamePageBody } from '../../../shared/apiSchemas.ts'
import { deletePage } from '../../pages/deletePage.ts'
import { movePage } from '../../pages/movePage.ts'
import { findPageBySlug } from '../../pages/pageQueries.ts'
import { presentPage } from '../../pages/presentPage.ts'
import { renamePage } from '../../pages/renamePage.ts'
import { authorizePage, authorizeSpaceBySlug } from '../../policies/authorize.ts'
import type { Services } from '../../Services.ts'
import { notFound } from '../AppError.ts'
import type { HttpEnv } from '../HttpEnv.ts'
import { readBody } from '../readBody.ts'

/** Reading, renaming, moving and deleting pages. */
export function pageRoutes(services: Services): Hono<HttpEnv> {
  const { db } = services
  return new Hono<HttpEnv>()
    .get('/pages/:pageId', async (c) => {
      const { page, space, abilities } = await authorizePage(db, c.get('actor'), c.req.param('pageId'), 'read')
      return c.json(presentPage(page, space, abilities))
    })
    .get('/spaces/by-slug/:slug/pages/:pageSlug', async (c) => {
      const { space, abilities } = await authorizeSpaceBySlug(db, c.get('actor'), c.req.param('slug'), 'read')
      const page = await findPageBySlug(db, space.id, c.req.param('pageSlug'))
      if (!page) throw notFound('That page')
      return c.json(presentPage(page, space, abilities))
    })
    .patch('/pages/:pageId', async (c) => {
      const body = await readBody(c, renamePageBody)
      const renamed = await renamePage(services, c.get('actor'), c.req.param('pageId'), body.title)
      const { space, abilities } = await authorizePage(db, c.get('actor'), renamed.id, 'read')
      return c.json(presentPage(renamed, space, abilities))
    })
    .put('/pages/:pageId/position', async (c) => {
      const body = await readBody(c, movePageBody)
      const moved = await movePage(services, c.get('actor'), c.req.param('pageId'), body)
      const { space, abilities } = await authorizePage(db, c.get('actor'), moved.id, 'read')
      return c.json(presentPage(moved, space, abilities))
    })
    .delete('/pages/:pageId', async (c) => {
      await deletePage(services, c.get('actor'), c.req.param('pageId'))
      return c.body(null, 204)
    })
}
