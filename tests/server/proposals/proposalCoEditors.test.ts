import { describe, expect, it } from 'vitest'
import type { ApiProposalDetail } from '../../../shared/proposalApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, docText, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import { watchCollab } from '../accounts/collabWatch.ts'
import { blameByAuthor, firstText, revisionsOf, startHistoryServer } from '../history/historyServer.ts'

type TestUser = Awaited<ReturnType<typeof signUpUser>>

const perTest = serverPerTest(startHistoryServer)

const coEditor = (method: 'PUT' | 'DELETE', proposalId: string, username: string, user: TestUser | null) =>
  api(perTest.server().url, method, `/api/proposals/${proposalId}/coeditors/${encodeURIComponent(username)}`, { token: user?.token })

/** Alice owns a private space whose page says `text`; Vera and Walt view it, Eddie edits it, Olga is a stranger. Vera proposes. */
async function proposalByVera(text: string) {
  const server = await perTest.start()
  const [alice, vera, walt, eddie, olga] = [
    await signUpUser(server.url, 'alice'), await signUpUser(server.url, 'vera'), await signUpUser(server.url, 'walt'),
    await signUpUser(server.url, 'eddie'), await signUpUser(server.url, 'olga'),
  ]
  const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'private' })
  for (const viewer of [vera, walt]) await grantRole(server.url, alice.token, spaceId, viewer.username, 'viewer')
  await grantRole(server.url, alice.token, spaceId, eddie.username, 'editor')
  const page = await perTest.connect(pageId, { token: alice.token })
  appendParagraph(page.doc, text)
  await page.settled()
  const opened = await api<{ id: string; documentName: string }>(server.url, 'POST', `/api/pages/${pageId}/proposals`, { token: vera.token, body: { title: 'Fix the year' } })
  expect(opened.status).toBe(201)
  return { alice, vera, walt, eddie, olga, spaceId, pageId, page, proposal: opened.body }
}

describe('co-editors of a proposal', { timeout: 120_000 }, () => {
  it('the author invites a member, whose open connection turns writable; the merge credits each writer and names both', async () => {
    const { alice, vera, walt, eddie, olga, pageId, page, proposal } = await proposalByVera('The strike began in 1963 at the works.')
    const w = await perTest.connect(proposal.documentName, { token: walt.token })
    expect(w.provider.authorizedScope).toBe('readonly')
    const watch = watchCollab(w.provider)

    // Nobody but the author invites: not an editor of the space, not the invitee, not strangers.
    expect((await coEditor('PUT', proposal.id, walt.username, eddie)).status).toBe(403)
    expect((await coEditor('PUT', proposal.id, walt.username, walt)).status).toBe(403)
    expect((await coEditor('PUT', proposal.id, walt.username, olga)).status).toBe(404)
    expect((await coEditor('PUT', proposal.id, walt.username, null)).status).toBe(404)
    // And only members of the space can be invited.
    const stranger = await coEditor('PUT', proposal.id, olga.username, vera)
    expect(stranger.status).toBe(400)
    expect(stranger.body.error.id).toBe('coeditor_not_member')

    expect((await coEditor('PUT', proposal.id, walt.username, vera)).status).toBe(204)
    await waitFor(() => watch.notices.some((n) => JSON.stringify(n) === '{"type":"access","readOnly":false}'), 'walt to be told he may write')
    const detail = await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: walt.token })
    expect(detail.body.coEditors).toEqual([{ id: walt.id, username: walt.username }])
    expect(detail.body.abilities).toMatchObject({ edit: true, steer: false })
    // A co-editor writes but does not steer: the title stays the author's.
    expect((await api(perTest.server().url, 'PATCH', `/api/proposals/${proposal.id}`, { token: walt.token, body: { title: 'Mine now' } })).status).toBe(403)

    const wText = firstText(w.doc)
    const s = wText.toString()
    wText.delete(s.indexOf('1963'), 4)
    wText.insert(s.indexOf('1963'), '1962')
    await w.settled()
    expect(watch.syncStatuses).not.toContain(false)
    const v = await perTest.connect(proposal.documentName, { token: vera.token })
    firstText(v.doc).insert(firstText(v.doc).length - 1, ' in Novocherkassk')
    await v.settled()

    expect((await api(perTest.server().url, 'POST', `/api/proposals/${proposal.id}/merge`, { token: alice.token, body: {} })).status).toBe(200)
    await waitFor(() => docText(page.doc) === 'The strike began in 1962 at the works in Novocherkassk.', 'the merge on the open page')
    const blame = await blameByAuthor(perTest.server().url, pageId, alice.token)
    expect(blame.get(walt.id)).toBe('1962')
    expect(blame.get(vera.id)).toBe(' in Novocherkassk')
    const [latest] = await revisionsOf(perTest.server().url, pageId, alice.token)
    expect(latest.summary).toBe(`Merged proposal #1 “Fix the year” by ${vera.username} with ${walt.username}, approved by ${alice.username}`)
  })

  it('a removed co-editor turns read-only at once and their edits are refused; a co-editor may leave but not remove others', async () => {
    const { vera, walt, eddie, spaceId, alice, proposal } = await proposalByVera('Seven were sentenced to death.')
    expect((await coEditor('PUT', proposal.id, walt.username, vera)).status).toBe(204)
    expect((await coEditor('PUT', proposal.id, eddie.username, vera)).status).toBe(204)
    const w = await perTest.connect(proposal.documentName, { token: walt.token })
    expect(w.provider.authorizedScope).toBe('read-write')
    const watch = watchCollab(w.provider)

    // Walt cannot remove Eddie; Vera removes Walt.
    expect((await coEditor('DELETE', proposal.id, eddie.username, walt)).status).toBe(403)
    expect((await coEditor('DELETE', proposal.id, walt.username, vera)).status).toBe(204)
    await waitFor(() => watch.notices.some((n) => JSON.stringify(n) === '{"type":"access","readOnly":true}'), 'walt to be told he may no longer write')
    appendParagraph(w.doc, 'Written after removal.')
    await waitFor(() => watch.syncStatuses.includes(false), 'the server to refuse the edit')
    const { changes } = (await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: alice.token })).body
    expect(changes).toEqual([])

    // Eddie leaves by himself; a member who lost the space cannot be invited back.
    expect((await coEditor('DELETE', proposal.id, eddie.username, eddie)).status).toBe(204)
    expect((await api(perTest.server().url, 'DELETE', `/api/spaces/${spaceId}/members/${walt.username}`, { token: alice.token })).status).toBeLessThan(300)
    expect((await coEditor('PUT', proposal.id, walt.username, vera)).status).toBe(400)
    expect((await api<ApiProposalDetail>(perTest.server().url, 'GET', `/api/proposals/${proposal.id}`, { token: vera.token })).body.coEditors).toEqual([])
  })
})
