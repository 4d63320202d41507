import { afterEach, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { fetchAttachment, minimalPdf, smallPng, uploadFileTo } from '../../support/attachmentFiles.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { startHistoryServer } from '../history/historyServer.ts'

type TestUser = Awaited<ReturnType<typeof signUpUser>>

let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function propose(pageId: string, user: TestUser): Promise<string> {
  const answer = await api<{ id: string }>(server!.url, 'POST', `/api/pages/${pageId}/proposals`, { token: user.token, body: {} })
  expect(answer.status).toBe(201)
  return answer.body.id
}

const upload = async (proposalId: string, user: TestUser | null, name = 'leaflet.pdf') =>
  uploadFileTo(server!.url, `/api/proposals/${proposalId}/attachments`, minimalPdf(`for ${name}`), name, { token: user?.token ?? null })

describe('images and files in a proposal', { timeout: 120_000 }, () => {
  it('in a private space: the proposer (a viewer) and a co-editor attach files the page’s readers read; nobody else may', async () => {
    server = await startHistoryServer()
    const [alice, vera, cora, eddie, olga] = await Promise.all(['alice', 'vera', 'cora', 'eddie', 'olga'].map((name) => signUpUser(server!.url, name)))
    const { spaceId, pageId } = await createSpaceWithPage(server.url, alice.token)
    for (const viewer of [vera, cora]) await grantRole(server.url, alice.token, spaceId, viewer.username, 'viewer')
    await grantRole(server.url, alice.token, spaceId, eddie.username, 'editor')
    const proposalId = await propose(pageId, vera)

    // The proposer may not upload to the page itself, but may to her proposal.
    expect((await uploadFileTo(server.url, `/api/pages/${pageId}/attachments`, await smallPng(), 'map.png', { token: vera.token })).status).toBe(403)
    const image = await uploadFileTo(server.url, `/api/proposals/${proposalId}/attachments`, await smallPng(), 'map.png', { token: vera.token })
    expect(image.status).toBe(201)
    expect(image.body).toMatchObject({ kind: 'image', name: 'map.png' })
    for (const reader of [alice, eddie, vera, cora]) expect((await fetchAttachment(server.url, image.body.url, { token: reader.token })).status).toBe(200)
    expect((await fetchAttachment(server.url, image.body.url, { token: olga.token })).status).toBe(404)
    expect((await fetchAttachment(server.url, image.body.url, { token: null })).status).toBe(404)

    // Only its writers: not an editor of the space who does not write it, a viewer not invited, a
    // stranger or an anonymous caller (who do not see the private space at all).
    expect((await upload(proposalId, eddie)).status).toBe(403)
    expect((await upload(proposalId, cora)).status).toBe(403)
    expect((await upload(proposalId, olga)).status).toBe(404)
    expect((await upload(proposalId, null)).status).toBe(404)
    // A co-editor she invites may.
    expect((await api(server.url, 'PUT', `/api/proposals/${proposalId}/coeditors/${cora.username}`, { token: vera.token })).status).toBeLessThan(300)
    expect((await upload(proposalId, cora, 'cora.pdf')).status).toBe(201)

    // Once it is declined, nobody adds to it.
    expect((await api(server.url, 'POST', `/api/proposals/${proposalId}/decline`, { token: alice.token, body: { reason: 'Not sourced.' } })).status).toBe(200)
    expect((await upload(proposalId, vera, 'late.pdf')).status).toBe(403)
  })

  it('in a public space: a stranger may propose, but not spend the space’s storage on files', async () => {
    server = await startHistoryServer()
    const [alice, sam] = await Promise.all(['alice', 'sam'].map((name) => signUpUser(server!.url, name)))
    const { pageId } = await createSpaceWithPage(server.url, alice.token, { visibility: 'public' })
    const proposalId = await propose(pageId, sam)
    const refused = await upload(proposalId, sam)
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.body)).toContain('Only members of this space')
    expect((await upload(proposalId, null)).status).toBe(401)
  })
})
