import { createRoute } from '@hono/zod-openapi'
import { commentBody } from '../../../shared/discussionApi.ts'
import type { Services } from '../../core/Services.ts'
import { presentComment } from '../../discussion/presentThreads.ts'
import { commentOnProposal } from '../../proposals/commentOnProposal.ts'
import { listProposalComments } from '../../proposals/listProposalComments.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Proposals']

/**
 * A proposal's discussion: whoever reads the proposal reads it; the space's members (viewers
 * included) and the proposal's author and co-editors write. Its comments are edited and deleted
 * through `/comments/:id` like a page thread's.
 */
export function proposalCommentRoutes(services: Services) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/proposals/{proposalId}/comments', tags, summary: 'The discussion of a proposal, oldest comment first (proposal readers)',
      request: { params: pathParams('proposalId') },
      responses: answers({ 200: '`{threadId, comments:[{id, author:{id,username}, body, createdAt, editedAt}]}` (`threadId` null before the first comment).' }, [404]),
    }), async (c) => c.json(await listProposalComments(services.db, c.get('actor'), c.req.valid('param').proposalId)))
    .openapi(createRoute({
      method: 'post', path: '/proposals/{proposalId}/comments', tags, summary: 'Comments on a proposal (space members, its author and co-editors)',
      description: 'Mentioned members (`@name`) are told; so are the proposal’s author, co-editors and earlier commenters. '
        + 'Mentioning someone who is not a member is a 400 `mention_not_member`.',
      request: { params: pathParams('proposalId'), body: jsonBody(commentBody) },
      responses: answers({ 201: 'The comment: `{id, author, body, createdAt}`.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const comment = await commentOnProposal(services, c.get('actor'), c.req.valid('param').proposalId, c.req.valid('json').body)
      return c.json(presentComment(comment), 201)
    })
}
