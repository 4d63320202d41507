import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { MAX_TITLE_LENGTH } from '../../../shared/wikiTitle.ts'
import { notFound } from '../../core/AppError.ts'
import type { Services } from '../../core/Services.ts'
import { previewTarget } from '../../links/previewTarget.ts'
import { presentPagePreview } from '../../pages/presentPagePreview.ts'
import { findPageLeads } from '../../pages/previewQueries.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Links']
const targetQuery = z.object({ target: z.string().min(1, 'A link target is needed.').max(MAX_TITLE_LENGTH * 2) })

/** Link previews (hover cards): a page in brief, and where a link target leads, as the caller may know it. */
export function previewRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/preview', tags, summary: 'A page in brief: title, first paragraph, last change',
      request: { params: pathParams('pageId') },
      responses: answers({ 200: '`{pageId, title, slug, spaceId, spaceSlug, excerpt, updatedAt}`.' }, [404]),
    }), async (c) => {
      const { page, space } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      const [lead] = await findPageLeads(db, [page.id])
      if (!lead) throw notFound('That page')
      return c.json(presentPagePreview(lead, space))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/preview', tags, summary: 'Where a link target written in this space leads, in brief',
      description: '`state` is `page` (with `preview`), `missing` (a red link; `canCreate` when the caller may create it) '
        + 'or `hidden`: a `prefix:Title` whose prefix names no space the caller may read — only the title is told.',
      request: { params: pathParams('spaceId'), query: targetQuery },
      responses: answers({ 200: '`{target, state, title, preview, canCreate, spaceSlug}`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return c.json(await previewTarget(db, actor, space, c.req.valid('query').target))
    })
}
