import { createRoute } from '@hono/zod-openapi'
import type { Services } from '../../core/Services.ts'
import { inviteCoEditor, removeCoEditor } from '../../proposals/changeCoEditors.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Proposals']

/**
 * Co-editors of a proposal: its author invites members of the space to write the branch with
 * them (their words are credited to them when it is merged), and removes them; a co-editor
 * may leave. The list is in `GET /proposals/:id` (`coEditors`).
 */
export function proposalCoEditorRoutes(services: Services) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'put', path: '/proposals/{proposalId}/coeditors/{username}', tags, summary: 'Invites a member of the space to co-edit a proposal (its author, while it is open)',
      description: '400 `coeditor_not_member` for someone who is not a member of the page’s space; their open connections to the branch turn writable.',
      request: { params: pathParams('proposalId', 'username') },
      responses: answers({ 204: 'They co-edit it (also when they already did).' }, [400, 401, 403, 404]),
    }), async (c) => {
      const { proposalId, username } = c.req.valid('param')
      await inviteCoEditor(services, c.get('actor'), proposalId, username)
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'delete', path: '/proposals/{proposalId}/coeditors/{username}', tags, summary: 'Removes a co-editor (its author), or leaves (the co-editor)',
      description: 'Their words stay; their open connections to the branch turn read-only.',
      request: { params: pathParams('proposalId', 'username') },
      responses: answers({ 204: 'Removed.' }, [401, 403, 404]),
    }), async (c) => {
      const { proposalId, username } = c.req.valid('param')
      await removeCoEditor(services, c.get('actor'), proposalId, username)
      return c.body(null, 204)
    })
}
