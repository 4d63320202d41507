import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import { openServerEvents } from '../../support/serverEvents.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { KNOCKERS, must, setUpSpaceRoles } from '../accounts/spaceRoles.ts'
import { startHistoryServer, waitForRevisions } from './historyServer.ts'

let server: TestServer
let owner: { token: string; username: string }

beforeAll(async () => {
  server = await startHistoryServer()
  owner = await signUpUser(server.url, 'archivist')
})
afterAll(() => server.close())

const streamPath = (pageId: string) => `/api/pages/${pageId}/history/events`

describe('a page history that follows new revisions', () => {
  it('tells a reader with the history open of each revision of that page, and of no other page', async () => {
    const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token, { title: 'Chronicle' })
    const other = await must(server.url, 201, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title: 'Elsewhere' } })
    const reader = await signUpUser(server.url, 'reader')
    await must(server.url, 200, 'PUT', `/api/spaces/${spaceId}/members/${reader.username}`, { token: owner.token, body: { role: 'viewer' } })
    const stream = await openServerEvents(server.url, streamPath(pageId), reader.token)
    try {
      expect(stream.status).toBe(200)
      await stream.waitFor('ready')
      // A revision of another page says nothing here.
      await must(server.url, 201, 'POST', `/api/pages/${other.body.id}/revisions`, { token: owner.token, body: { name: 'Other' } })
      // An editing burst ends when its editor leaves: the revision it cuts is announced.
      const writer = await connectProvider(server.wsUrl, pageId, { token: owner.token })
      appendParagraph(writer.doc, 'The strike began at the locomotive works.')
      await writer.settled()
      writer.destroy()
      await waitForRevisions(server.url, pageId, 1, owner.token)
      await stream.waitFor('revisions', 1)
      // Naming the version when nothing changed since names that revision: announced too.
      await must(server.url, 201, 'POST', `/api/pages/${pageId}/revisions`, { token: owner.token, body: { name: 'First draft' } })
      await stream.waitFor('revisions', 2)
      expect(stream.events).toEqual(['ready', 'revisions', 'revisions'])
    } finally {
      stream.close()
    }
  })

  it('opens for those who may read the page only: 404 for outsiders and anonymous readers of a private space', async () => {
    const roles = await setUpSpaceRoles(server.url)
    const statuses: Record<string, number[]> = { public: [], private: [] }
    for (const visibility of ['public', 'private'] as const) {
      for (const knocker of KNOCKERS) {
        const stream = await openServerEvents(server.url, streamPath(roles.spaces[visibility].pageId), roles.token(knocker))
        statuses[visibility].push(stream.status)
        stream.close()
      }
    }
    expect(statuses).toEqual({ public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] })
    expect((await openServerEvents(server.url, streamPath('not-a-page'), roles.token('owner'))).status).toBe(404)
  })

  it('ends the stream of a member removed from a private space, who hears nothing of later revisions', async () => {
    const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token, { title: 'Minutes' })
    const member = await signUpUser(server.url, 'leaver')
    await must(server.url, 200, 'PUT', `/api/spaces/${spaceId}/members/${member.username}`, { token: owner.token, body: { role: 'editor' } })
    const stream = await openServerEvents(server.url, streamPath(pageId), member.token)
    await stream.waitFor('ready')
    await must(server.url, 204, 'DELETE', `/api/spaces/${spaceId}/members/${member.username}`, { token: owner.token })
    await stream.ended
    await must(server.url, 201, 'POST', `/api/pages/${pageId}/revisions`, { token: owner.token, body: { name: 'After' } })
    expect(stream.events).toEqual(['ready'])
  })

  it('ends the stream when the page is deleted, and when its session signs out', async () => {
    const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token, { title: 'Doomed' })
    const deleted = await must(server.url, 201, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title: 'Short-lived' } })
    const onDeleted = await openServerEvents(server.url, streamPath(deleted.body.id), owner.token)
    await onDeleted.waitFor('ready')
    await must(server.url, 204, 'DELETE', `/api/pages/${deleted.body.id}`, { token: owner.token })
    await onDeleted.ended
    expect(onDeleted.events).toEqual(['ready'])

    const viewer = await signUpUser(server.url, 'signout')
    await must(server.url, 200, 'PUT', `/api/spaces/${spaceId}/members/${viewer.username}`, { token: owner.token, body: { role: 'viewer' } })
    const onSignOut = await openServerEvents(server.url, streamPath(pageId), viewer.token)
    await onSignOut.waitFor('ready')
    await must(server.url, 204, 'POST', '/api/auth/logout', { token: viewer.token })
    await onSignOut.ended
    expect(onSignOut.events).toEqual(['ready'])
  })
})
