import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { declineProposalBody, mergeProposalBody, openProposalBody, proposalTitleBody } from '../../../shared/proposalApi.ts'
import { RateLimiter } from '../../accounts/RateLimiter.ts'
import type { Actor } from '../../core/Actor.ts'
import { notFound, tooManyRequests, unauthenticated } from '../../core/AppError.ts'
import type { HttpEnv } from '../../core/HttpEnv.ts'
import type { Services } from '../../core/Services.ts'
import type { RevisionsExtension } from '../../history/RevisionsExtension.ts'
import type { SpaceTreeFeed } from '../../pages/SpaceTreeFeed.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import { authorizeProposal } from '../../policies/proposalPolicy.ts'
import { listCoEditors } from '../../proposals/coEditorQueries.ts'
import { declineProposal } from '../../proposals/declineProposal.ts'
import { mergeProposal, readBranch } from '../../proposals/mergeProposal.ts'
import { openProposal } from '../../proposals/openProposal.ts'
import { presentChange, presentProposal } from '../../proposals/presentProposal.ts'
import { findProposal, listOpenSpaceProposals, listPageProposals } from '../../proposals/proposalQueries.ts'
import { retitleProposal } from '../../proposals/retitleProposal.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'
import { streamEvents } from '../streamEvents.ts'

const tags = ['Proposals']
/** Proposals one user may open per hour: enough for a reader fixing dates, not for flooding reviewers. */
const PROPOSALS_PER_HOUR = 20

function signedIn(actor: Actor): Actor & { userId: string } {
  if (!actor.userId) throw unauthenticated('Sign in to suggest changes.')
  return actor as Actor & { userId: string }
}

/**
 * Proposed changes: anyone signed in who can read a page opens a proposal (a branch of its
 * document, edited on /collab under its `documentName`); readers of the page see proposals
 * and their changes; the space's editors and owners merge (all changes or those accepted)
 * or decline them with a reason; authors withdraw their own and retitle them. `feed` tells the
 * readers of a space's list of open proposals when it changed.
 */
export function proposalRoutes(services: Services, revisions: () => RevisionsExtension, feed: SpaceTreeFeed) {
  const { db } = services
  const opened = new RateLimiter(PROPOSALS_PER_HOUR, 60 * 60 * 1000)
  const refuseIfLimited = (c: Context<HttpEnv>, userId: string) => {
    const wait = opened.blockedFor(userId)
    if (wait === 0) return
    const minutes = Math.ceil(wait / 60_000)
    c.header('Retry-After', String(Math.ceil(wait / 1000)))
    throw tooManyRequests(`You have opened many proposals lately; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`)
  }
  return createApiRouter()
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/proposals', tags, summary: 'Opens a proposal: a branch of the page to edit and submit for review (signed-in readers)',
      description: 'The branch starts as the page is now. Open its document on `/collab` with `documentName`; only its author may write it. '
        + `At most ${PROPOSALS_PER_HOUR} proposals per user per hour (429 with Retry-After).`,
      request: { params: pathParams('pageId'), body: jsonBody(openProposalBody) },
      responses: answers({ 201: '`{id, number, documentName}`.' }, [401, 403, 404, 429, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const pageId = c.req.valid('param').pageId
      // Readability first: an outsider learns nothing, not even that a limit exists.
      await authorizePage(db, actor, pageId, 'read')
      const user = signedIn(actor)
      refuseIfLimited(c, user.userId)
      const proposal = await openProposal(services, user, pageId, c.req.valid('json').title ?? null)
      opened.hit(user.userId)
      return c.json(proposal, 201)
    })
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/proposals', tags, summary: 'The proposals of a page, open ones first (page readers)',
      request: { params: pathParams('pageId') },
      responses: answers({ 200: '`[{id, number, status, title, author:{id,username}, createdAt, …}]`.' }, [404]),
    }), async (c) => {
      const { page } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      return c.json((await listPageProposals(db, page.id)).map(presentProposal))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/proposals', tags, summary: 'The open proposals of a space’s pages, newest first (space readers)',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'The open proposals.' }, [404]),
    }), async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json((await listOpenSpaceProposals(db, space.id)).map(presentProposal))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/proposals/events', tags, summary: 'A stream telling readers when the space’s open proposals change',
      description: 'Server-Sent Events: `ready` once, then `proposals` (data `{}`) whenever a proposal of the space opens, closes, is retitled, '
        + 'discussed or gets co-editors; refetch `GET /spaces/:spaceId/proposals`. It ends when the reader may no longer read the space or their session ends.',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'A `text/event-stream`.' }, [404]),
    }), async (c) => {
      const actor = c.get('actor')
      const { space } = await authorizeSpace(db, actor, c.req.valid('param').spaceId, 'read')
      return streamEvents(c, actor, 'proposals', (listener) => feed.subscribe(space.id, listener))
    })
    .openapi(createRoute({
      method: 'patch', path: '/proposals/{proposalId}', tags, summary: 'Changes the title of a proposal (its author, while it is open)',
      description: '`title` null or empty removes it. The title shows in the lists and in the merge’s revision summary.',
      request: { params: pathParams('proposalId'), body: jsonBody(proposalTitleBody) },
      responses: answers({ 200: 'The proposal.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const id = c.req.valid('param').proposalId
      await retitleProposal(services, c.get('actor'), id, c.req.valid('json').title)
      return c.json(presentProposal((await findProposal(db, id))!))
    })
    .openapi(createRoute({
      method: 'get', path: '/proposals/{proposalId}', tags, summary: 'A proposal with its changes, word by word, and what the caller may do (page readers)',
      description: '`changes` are the proposal’s own changes since it was forked, each `{id, before, after, formatOnly}`: '
        + 'the words as they were and as the proposal has them. Merge takes their ids in `accept`.',
      request: { params: pathParams('proposalId') },
      responses: answers({ 200: 'The proposal with `changes`, `coEditors` and `abilities`.' }, [404]),
    }), async (c) => {
      const id = c.req.valid('param').proposalId
      const { abilities } = await authorizeProposal(db, c.get('actor'), id, 'read')
      const row = await findProposal(db, id)
      if (!row) throw notFound('That proposal')
      const { changes } = await readBranch(services, id)
      const coEditors = (await listCoEditors(db, id)).map((u) => ({ id: u.userId, username: u.username }))
      const { edit, review, withdraw, discuss, steer } = abilities
      return c.json({ ...presentProposal(row), changes: changes.map(presentChange), coEditors, abilities: { edit, review, withdraw, discuss, steer } })
    })
    .openapi(createRoute({
      method: 'post', path: '/proposals/{proposalId}/merge', tags, summary: 'Merges a proposal into its page (editors and owners)',
      description: 'Applies the proposal’s changes (only those whose ids are in `accept`, when given) to the live page through the CRDT: '
        + 'edits made on the page meanwhile stay. The merge becomes a revision “Merged proposal #N by A, approved by B”. '
        + '409 `proposal_closed` (merged or declined meanwhile), `page_deleted`, `changes_moved` (an accepted id is no longer a change: review again).',
      request: { params: pathParams('proposalId'), body: jsonBody(mergeProposalBody) },
      responses: answers({ 200: '`{revisionId, applied, rejected}`.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const id = c.req.valid('param').proposalId
      await authorizeProposal(db, actor, id, 'read')
      return c.json(await mergeProposal(services, revisions(), signedIn(actor), id, c.req.valid('json').accept))
    })
    .openapi(createRoute({
      method: 'post', path: '/proposals/{proposalId}/decline', tags, summary: 'Declines a proposal with a reason (editors and owners), or withdraws it (its author)',
      request: { params: pathParams('proposalId'), body: jsonBody(declineProposalBody) },
      responses: answers({ 200: 'The proposal, declined.' }, [401, 403, 404, 409, ...BODY_REFUSALS]),
    }), async (c) => {
      const actor = c.get('actor')
      const id = c.req.valid('param').proposalId
      await authorizeProposal(db, actor, id, 'read')
      await declineProposal(services, signedIn(actor), id, c.req.valid('json').reason)
      return c.json(presentProposal((await findProposal(db, id))!))
    })
}
