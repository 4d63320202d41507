import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { commentBody, openThreadBody, threadStatusBody } from '../../../shared/discussionApi.ts'
import type { Services } from '../../core/Services.ts'
import { editComment, removeComment } from '../../discussion/changeComment.ts'
import { listPageThreads } from '../../discussion/listPageThreads.ts'
import { openThread } from '../../discussion/openThread.ts'
import { presentComment, presentThreadEvent } from '../../discussion/presentThreads.ts'
import { listThreadEvents } from '../../discussion/threadQueries.ts'
import { authorizePage } from '../../policies/authorize.ts'
import { replyToThread } from '../../discussion/replyToThread.ts'
import { setThreadStatus } from '../../discussion/setThreadStatus.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Discussion']
const WRITE_REFUSALS = [401, 403, 404, ...BODY_REFUSALS] as const

/**
 * Threads of comments on pages: list, open (on a quote, an editor's anchor or the whole
 * page), reply, edit and delete one's own comment, resolve and reopen. Readers of a page see
 * its threads; its space's members (viewers included) write; anyone else gets 404.
 */
export function discussionRoutes(services: Services) {
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/threads', tags, summary: 'The threads of a page with their comments (page readers)',
      description: '`status` is `open`, `resolved` or `orphaned` (open, but every word of its passage was deleted; `quote` keeps them). '
        + '`quote` and `anchor` are null for a thread on the whole page.',
      request: { params: pathParams('pageId') },
      responses: answers({ 200: '`[{id, status, quote, anchor, author, comments:[{id, author:{id,username}, body, createdAt}], …}]`, oldest first.' }, [404]),
    }), async (c) => c.json(await listPageThreads(services, c.get('actor'), c.req.valid('param').pageId)))
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/thread-events', tags, summary: 'When threads of a page were opened, resolved and reopened, newest first (page readers)',
      description: 'For the page’s history timeline: `[{threadId, kind: "opened"|"resolved"|"reopened", actor:{id,username}|null, createdAt}]`; never the comments’ text.',
      request: { params: pathParams('pageId'), query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }) },
      responses: answers({ 200: 'The events.' }, [404]),
    }), async (c) => {
      const { page } = await authorizePage(services.db, c.get('actor'), c.req.valid('param').pageId, 'read')
      const rows = await listThreadEvents(services.db, page.id, c.req.valid('query').limit)
      return c.json(rows.map(presentThreadEvent))
    })
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/threads', tags, summary: 'Opens a thread on a passage or on the whole page (members)',
      description: 'With `quote`: anchored to the first occurrence of that text within one paragraph (400 `quote_not_found` if absent). '
        + 'With `anchor` (base64 Yjs relative positions, as the editor sends): anchored to that passage. With neither: a page-level thread. '
        + 'Mentioning (`@name`) someone who is not a member is a 400 `mention_not_member`.',
      request: { params: pathParams('pageId'), body: jsonBody(openThreadBody) },
      responses: answers({ 201: 'The thread: `{id, quote, …}`.' }, [...WRITE_REFUSALS]),
    }), async (c) => {
      const pageId = c.req.valid('param').pageId
      const thread = await openThread(services, c.get('actor'), pageId, c.req.valid('json'))
      const listed = (await listPageThreads(services, c.get('actor'), pageId)).find((t) => t.id === thread.id)
      return c.json(listed ?? { id: thread.id }, 201)
    })
    .openapi(createRoute({
      method: 'post', path: '/threads/{threadId}/comments', tags, summary: 'Replies in a thread (members)',
      request: { params: pathParams('threadId'), body: jsonBody(commentBody) },
      responses: answers({ 201: 'The comment: `{id, author, body, createdAt}`.' }, [...WRITE_REFUSALS]),
    }), async (c) => {
      const comment = await replyToThread(services, c.get('actor'), c.req.valid('param').threadId, c.req.valid('json').body)
      return c.json(presentComment(comment), 201)
    })
    .openapi(createRoute({
      method: 'put', path: '/threads/{threadId}/status', tags, summary: 'Resolves or reopens a thread (page editors and its author)',
      request: { params: pathParams('threadId'), body: jsonBody(threadStatusBody) },
      responses: answers({ 204: 'Done.' }, [...WRITE_REFUSALS]),
    }), async (c) => {
      await setThreadStatus(services, c.get('actor'), c.req.valid('param').threadId, c.req.valid('json').status)
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'patch', path: '/comments/{commentId}', tags, summary: 'Changes the text of one’s own comment',
      request: { params: pathParams('commentId'), body: jsonBody(commentBody) },
      responses: answers({ 200: 'The comment.' }, [...WRITE_REFUSALS]),
    }), async (c) => {
      const comment = await editComment(services, c.get('actor'), c.req.valid('param').commentId, c.req.valid('json').body)
      return c.json(presentComment(comment))
    })
    .openapi(createRoute({
      method: 'delete', path: '/comments/{commentId}', tags, summary: 'Deletes one’s own comment (space owners: any); a thread left empty goes too',
      request: { params: pathParams('commentId') },
      responses: answers({ 204: 'Deleted.' }, [401, 403, 404]),
    }), async (c) => {
      await removeComment(services, c.get('actor'), c.req.valid('param').commentId)
      return c.body(null, 204)
    })
}
