import { afterEach, describe, expect, it } from 'vitest'
import type { ApiNotification, ApiThread } from '../../../shared/discussionApi.ts'
import type { ApiProposal, ApiProposalDiscussion } from '../../../shared/proposalApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { openServerEvents, type ServerEvents } from '../../support/serverEvents.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { startHistoryServer } from '../history/historyServer.ts'

type TestUser = Awaited<ReturnType<typeof signUpUser>>

const perTest = serverPerTest(startHistoryServer)
const streams: ServerEvents[] = []

// Registered after serverPerTest's afterEach, so it runs before it: the streams close first, as before.
afterEach(() => {
  for (const s of streams.splice(0)) s.close()
})

async function propose(pageId: string, user: TestUser): Promise<{ id: string; number: number }> {
  const answer = await api<{ id: string; number: number }>(perTest.server().url, 'POST', `/api/pages/${pageId}/proposals`, { token: user.token, body: {} })
  expect(answer.status).toBe(201)
  return answer.body
}

const comment = (proposalId: string, user: TestUser | null, body: string) =>
  api(perTest.server().url, 'POST', `/api/proposals/${proposalId}/comments`, { token: user?.token, body: { body } })

async function discussion(proposalId: string, user: TestUser | null): Promise<ApiProposalDiscussion> {
  const answer = await api<ApiProposalDiscussion>(perTest.server().url, 'GET', `/api/proposals/${proposalId}/comments`, { token: user?.token })
  expect(answer.status).toBe(200)
  return answer.body
}

async function inbox(user: TestUser): Promise<ApiNotification[]> {
  return (await api<ApiNotification[]>(perTest.server().url, 'GET', '/api/notifications', { token: user.token })).body
}

/** Alice owns a space with a page; Vera views it; Eddie edits it; Olga is a stranger to it. */
async function cast(visibility: 'public' | 'private') {
  const server = await perTest.start()
  const [alice, vera, eddie, olga] = [
    await signUpUser(server.url, 'alice'), await signUpUser(server.url, 'vera'),
    await signUpUser(server.url, 'eddie'), await signUpUser(server.url, 'olga'),
  ]
  const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility })
  await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
  await grantRole(server.url, alice.token, spaceId, eddie.username, 'editor')
  return { alice, vera, eddie, olga, spaceId, pageId }
}

describe('a proposal’s discussion', { timeout: 120_000 }, () => {
  it('in a private space: members and the proposer discuss it, outsiders and anonymous readers see nothing, and those concerned are told', async () => {
    const { alice, vera, eddie, olga, pageId } = await cast('private')
    const proposal = await propose(pageId, vera)

    // The reviewer asks; the proposer hears it in her inbox, and following it names the proposal.
    expect((await comment(proposal.id, eddie, 'Which source gives 1962?')).status).toBe(201)
    const [told] = await inbox(vera)
    expect(told).toMatchObject({ kind: 'reply', actor: eddie.username, proposal: { id: proposal.id, number: proposal.number }, snippet: 'Which source gives 1962?' })
    // The proposer answers and mentions the owner: the owner gets a mention, the reviewer a reply.
    expect((await comment(proposal.id, vera, `The court records, @${alice.username}.`)).status).toBe(201)
    expect((await inbox(alice)).map((n) => [n.kind, n.proposal?.id])).toEqual([['mention', proposal.id]])
    expect((await inbox(eddie)).map((n) => [n.kind, n.proposal?.id])).toEqual([['reply', proposal.id]])

    const shown = await discussion(proposal.id, alice)
    expect(shown.comments.map((c) => [c.author?.username, c.body])).toEqual([
      [eddie.username, 'Which source gives 1962?'],
      [vera.username, `The court records, @${alice.username}.`],
    ])
    // An outsider and an anonymous reader: neither reading nor writing, nor learning it exists.
    for (const stranger of [olga, null]) {
      expect((await api(perTest.server().url, 'GET', `/api/proposals/${proposal.id}/comments`, { token: stranger?.token })).status).toBe(404)
      expect((await comment(proposal.id, stranger, 'Hello?')).status).toBe(404)
    }
    // Mentioning someone who cannot read the space is refused, and nothing is stored.
    const stray = await comment(proposal.id, vera, `@${olga.username} look`)
    expect(stray.status).toBe(400)
    expect((await discussion(proposal.id, vera)).comments).toHaveLength(2)

    // The discussion is the proposal's: it never shows among the page's threads.
    const threads = await api<ApiThread[]>(perTest.server().url, 'GET', `/api/pages/${pageId}/threads`, { token: alice.token })
    expect(threads.body).toEqual([])
  })

  it('a hostile member cannot change or resolve what others wrote; the author edits their own; whoever loses access loses the discussion', async () => {
    const { alice, vera, eddie, spaceId, pageId } = await cast('private')
    const proposal = await propose(pageId, vera)
    expect((await comment(proposal.id, vera, 'Please check the date.')).status).toBe(201)
    const { threadId, comments: [first] } = await discussion(proposal.id, vera)

    // Eddie, an editor but not the comment's author, can neither edit nor delete it, nor resolve the discussion.
    expect((await api(perTest.server().url, 'PATCH', `/api/comments/${first.id}`, { token: eddie.token, body: { body: 'Vandalised.' } })).status).toBe(403)
    expect((await api(perTest.server().url, 'DELETE', `/api/comments/${first.id}`, { token: eddie.token })).status).toBe(403)
    expect((await api(perTest.server().url, 'PUT', `/api/threads/${threadId}/status`, { token: eddie.token, body: { status: 'resolved' } })).status).toBe(404)
    // Its author edits it through the discussion's own route.
    expect((await api(perTest.server().url, 'PATCH', `/api/comments/${first.id}`, { token: vera.token, body: { body: 'Please check the year.' } })).status).toBe(200)
    expect((await discussion(proposal.id, alice)).comments.map((c) => c.body)).toEqual(['Please check the year.'])

    // Vera leaves the space: the proposal, and so its discussion, is hidden from her.
    expect((await api(perTest.server().url, 'DELETE', `/api/spaces/${spaceId}/members/${vera.username}`, { token: alice.token })).status).toBeLessThan(300)
    expect((await api(perTest.server().url, 'GET', `/api/proposals/${proposal.id}/comments`, { token: vera.token })).status).toBe(404)
    expect((await comment(proposal.id, vera, 'Still here?')).status).toBe(404)
    expect((await api(perTest.server().url, 'PATCH', `/api/comments/${first.id}`, { token: vera.token, body: { body: 'x' } })).status).toBe(404)
  })

  it('in a public space: anonymous readers read it, the proposer comments though not a member, other non-members may not', async () => {
    const { alice, olga, pageId } = await cast('public')
    const stranger = await signUpUser(perTest.server().url, 'sam')
    const proposal = await propose(pageId, olga)
    expect((await comment(proposal.id, olga, 'I fixed the date.')).status).toBe(201)
    expect((await comment(proposal.id, alice, 'Thanks!')).status).toBe(201)
    expect((await comment(proposal.id, stranger, 'Me too.')).status).toBe(403)
    expect((await comment(proposal.id, null, 'Anonymous.')).status).toBe(401)
    expect((await discussion(proposal.id, null)).comments.map((c) => c.body)).toEqual(['I fixed the date.', 'Thanks!'])
    expect((await inbox(olga)).map((n) => n.kind)).toEqual(['reply'])
  })
})

describe('the live list of a space’s proposals', { timeout: 120_000 }, () => {
  it('tells the space’s readers when a proposal opens, is retitled, discussed or closed, and never an outsider', async () => {
    const { alice, vera, olga, spaceId, pageId } = await cast('private')
    const path = `/api/spaces/${spaceId}/proposals/events`
    expect((await openServerEvents(perTest.server().url, path, olga.token)).status).toBe(404)
    expect((await openServerEvents(perTest.server().url, path, null)).status).toBe(404)
    const owner = await openServerEvents(perTest.server().url, path, alice.token)
    const viewer = await openServerEvents(perTest.server().url, path, vera.token)
    streams.push(owner, viewer)
    await owner.waitFor('ready')
    await viewer.waitFor('ready')

    const proposal = await propose(pageId, vera)
    await owner.waitFor('proposals', 1)
    expect((await api(perTest.server().url, 'PATCH', `/api/proposals/${proposal.id}`, { token: vera.token, body: { title: 'Fix the year' } })).status).toBe(200)
    await owner.waitFor('proposals', 2)
    const listed = await api<ApiProposal[]>(perTest.server().url, 'GET', `/api/spaces/${spaceId}/proposals`, { token: alice.token })
    expect(listed.body.map((p) => p.title)).toEqual(['Fix the year'])
    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/decline`, { token: alice.token, body: { reason: 'No source.' } })).status).toBe(200)
    await owner.waitFor('proposals', 3)
    await viewer.waitFor('proposals', 3)

    // Vera is removed from the space: her stream ends and she hears nothing more.
    expect((await api(perTest.server().url, 'DELETE', `/api/spaces/${spaceId}/members/${vera.username}`, { token: alice.token })).status).toBeLessThan(300)
    await viewer.ended
    await propose(pageId, alice)
    await owner.waitFor('proposals', 4)
    expect(viewer.events.filter((e) => e === 'proposals')).toHaveLength(3)
  })

  it('tells those who have the proposal open when its discussion changes (a comment, an edit, a deletion), and not the page', async () => {
    const { alice, vera, eddie, pageId } = await cast('private')
    const proposal = await propose(pageId, vera)
    const onProposal = await perTest.connect(`proposal:${proposal.id}`, { token: eddie.token })
    const onPage = await perTest.connect(pageId, { token: alice.token })
    const heard = { proposal: [] as string[], page: [] as string[] }
    onProposal.provider.on('stateless', ({ payload }: { payload: string }) => heard.proposal.push(JSON.parse(payload).type))
    onPage.provider.on('stateless', ({ payload }: { payload: string }) => heard.page.push(JSON.parse(payload).type))
    const threads = () => heard.proposal.filter((type) => type === 'threads').length

    const written = await comment(proposal.id, vera, 'The year is wrong.')
    expect(written.status).toBe(201)
    await waitFor(() => threads() === 1, 'the comment to be told')
    expect((await api(perTest.server().url, 'PATCH', `/api/comments/${written.body.id}`, { token: vera.token, body: { body: 'The year is 1962.' } })).status).toBe(200)
    await waitFor(() => threads() === 2, 'the edit to be told')
    expect((await api(perTest.server().url, 'DELETE', `/api/comments/${written.body.id}`, { token: vera.token })).status).toBe(204)
    await waitFor(() => threads() === 3, 'the deletion to be told')
    expect(heard.page).not.toContain('threads')
  })
})
