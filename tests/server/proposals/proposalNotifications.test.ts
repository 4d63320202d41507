import { describe, expect, it } from 'vitest'
import type { ApiNotification } from '../../../shared/discussionApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { firstText, startHistoryServer } from '../history/historyServer.ts'

type TestUser = Awaited<ReturnType<typeof signUpUser>>

const perTest = serverPerTest(startHistoryServer)

async function propose(pageId: string, user: TestUser): Promise<{ id: string; number: number; documentName: string }> {
  const answer = await api<{ id: string; number: number; documentName: string }>(perTest.server().url, 'POST', `/api/pages/${pageId}/proposals`, { token: user.token, body: {} })
  expect(answer.status).toBe(201)
  return answer.body
}

async function inbox(user: TestUser): Promise<ApiNotification[]> {
  const answer = await api<ApiNotification[]>(perTest.server().url, 'GET', '/api/notifications', { token: user.token })
  expect(answer.status).toBe(200)
  return answer.body
}

describe('proposal notifications', { timeout: 120_000 }, () => {
  it('the author hears that a reviewer merged or declined their proposal; nobody else does, and a withdrawal tells nobody', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const vera = await signUpUser(server.url, 'vera')
    const walt = await signUpUser(server.url, 'walt')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'private' })
    await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
    await grantRole(server.url, alice.token, spaceId, walt.username, 'viewer')
    const page = await perTest.connect(pageId, { token: alice.token })
    appendParagraph(page.doc, 'The strike began in 1963.')
    await page.settled()

    const first = await propose(pageId, vera)
    const branch = await perTest.connect(first.documentName, { token: vera.token })
    firstText(branch.doc).insert(0, 'Indeed, ')
    await branch.settled()
    expect((await api(server.url, 'POST', `/api/proposals/${first.id}/merge`, { token: alice.token, body: {} })).status).toBe(200)

    const second = await propose(pageId, vera)
    expect((await api(server.url, 'POST', `/api/proposals/${second.id}/decline`, { token: alice.token, body: { reason: 'Not sourced.' } })).status).toBe(200)

    const third = await propose(pageId, vera)
    expect((await api(server.url, 'POST', `/api/proposals/${third.id}/decline`, { token: vera.token, body: { reason: 'My mistake.' } })).status).toBe(200)

    const told = await inbox(vera)
    expect(told.map(({ kind, proposal, actor, snippet, threadId, pageId: about }) => ({ kind, proposal, actor, snippet, threadId, about }))).toEqual([
      { kind: 'proposal_declined', proposal: { id: second.id, number: second.number }, actor: alice.username, snippet: 'Not sourced.', threadId: null, about: pageId },
      { kind: 'proposal_merged', proposal: { id: first.id, number: first.number }, actor: alice.username, snippet: null, threadId: null, about: pageId },
    ])
    expect((await api<{ unread: number }>(server.url, 'GET', '/api/notifications/unread', { token: vera.token })).body.unread).toBe(2)
    // Another member of the space and the reviewer hear nothing; an anonymous reader has no inbox.
    expect(await inbox(walt)).toEqual([])
    expect(await inbox(alice)).toEqual([])
    expect((await api(server.url, 'GET', '/api/notifications')).status).toBe(401)
    // Another member cannot mark the author's notification read.
    expect((await api(server.url, 'POST', `/api/notifications/${told[0].id}/read`, { token: walt.token, body: {} })).status).toBe(404)

    // Once Vera can no longer read the space, its proposals' outcomes leave her inbox.
    expect((await api(server.url, 'DELETE', `/api/spaces/${spaceId}/members/${vera.username}`, { token: alice.token })).status).toBeLessThan(300)
    expect(await inbox(vera)).toEqual([])
  })

  it('a page’s open editors hear when a proposal to it opens and when it closes', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const vera = await signUpUser(server.url, 'vera')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'private' })
    await grantRole(server.url, alice.token, spaceId, vera.username, 'viewer')
    const reader = await perTest.connect(pageId, { token: vera.token })
    const notices: string[] = []
    reader.provider.on('stateless', ({ payload }: { payload: string }) => { if (payload.includes('proposals')) notices.push(payload) })

    const proposal = await propose(pageId, vera)
    await waitFor(() => notices.length === 1, 'the page to hear of the new proposal')
    expect(JSON.parse(notices[0])).toEqual({ type: 'proposals', pageId })
    expect((await api(server.url, 'POST', `/api/proposals/${proposal.id}/decline`, { token: alice.token, body: { reason: 'No.' } })).status).toBe(200)
    await waitFor(() => notices.length === 2, 'the page to hear the proposal closed')
  })
})
