import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

// `GET /api/spaces/:spaceId/overview`: what a space's home shows of its pages (their number and
// the first page of the tree), without the whole page list.

let server: TestServer
let owner: { token: string; username: string }

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'homeowner')
})
afterAll(() => server?.close())

async function newSpace(visibility: 'public' | 'private'): Promise<string> {
  const space = await api(server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: `Home ${Math.random().toString(36).slice(2, 7)}`, visibility } })
  expect(space.status).toBe(201)
  return space.body.id
}

async function addPage(spaceId: string, title: string, parentId?: string): Promise<string> {
  const created = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: parentId ? { title, parentId } : { title } })
  expect(created.status).toBe(201)
  return created.body.id
}

/** The overview as `token` sees it (undefined: anonymously). */
const overview = (spaceId: string, token: string | undefined) => api(server.url, 'GET', `/api/spaces/${spaceId}/overview`, { token })

describe('the space home’s overview of its pages', () => {
  it('counts the live pages and names the first page of the tree, following moves and deletions', async () => {
    const spaceId = await newSpace('private')
    expect(await overview(spaceId, owner.token)).toMatchObject({ status: 200, body: { pageCount: 0, startHere: null } })
    const guide = await addPage(spaceId, 'Guide')
    const later = await addPage(spaceId, 'Later')
    await addPage(spaceId, 'Under the guide', guide)
    const first = await overview(spaceId, owner.token)
    expect(first.body.pageCount).toBe(3)
    expect(first.body.startHere).toMatchObject({ id: guide, title: 'Guide', parentId: null, position: 0 })
    expect(Object.keys(first.body.startHere).sort()).toEqual(['id', 'parentId', 'position', 'slug', 'title', 'updatedAt'])
    // Another page put first at the top level becomes the one to start with.
    expect((await api(server.url, 'PUT', `/api/pages/${later}/position`, { token: owner.token, body: { parentId: null, position: 0 } })).status).toBe(200)
    expect((await overview(spaceId, owner.token)).body.startHere).toMatchObject({ id: later, title: 'Later' })
    expect((await api(server.url, 'DELETE', `/api/pages/${later}`, { token: owner.token })).status).toBe(204)
    expect((await overview(spaceId, owner.token)).body).toMatchObject({ pageCount: 2, startHere: { id: guide } })
    // The same count as the whole list.
    const all = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: owner.token })
    expect(all.body.length).toBe(2)
  })

  it('answers who may read the space, as the page list does: a private space is invisible to an anonymous reader and an outsider', async () => {
    const spaceId = await newSpace('private')
    await addPage(spaceId, 'Secret plans')
    const viewer = await signUpUser(server.url, 'homeviewer')
    const editor = await signUpUser(server.url, 'homeeditor')
    const outsider = await signUpUser(server.url, 'homeoutsider')
    for (const [member, role] of [[viewer, 'viewer'], [editor, 'editor']] as const) {
      expect((await api(server.url, 'PUT', `/api/spaces/${spaceId}/members/${member.username}`, { token: owner.token, body: { role } })).status).toBe(200)
    }
    for (const [who, token] of [['anonymous', undefined], ['outsider', outsider.token]] as const) {
      const [home, list] = [await overview(spaceId, token), await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token })]
      expect({ who, home: home.status, list: list.status }).toEqual({ who, home: 404, list: 404 })
      expect(JSON.stringify(home.body)).not.toContain('Secret plans')
    }
    for (const [who, token] of [['viewer', viewer.token], ['editor', editor.token]] as const) {
      const home = await overview(spaceId, token)
      expect({ who, status: home.status, count: home.body.pageCount, start: home.body.startHere?.title }).toEqual({ who, status: 200, count: 1, start: 'Secret plans' })
    }
    const publicId = await newSpace('public')
    await addPage(publicId, 'Open notes')
    for (const token of [undefined, outsider.token]) {
      expect(await overview(publicId, token)).toMatchObject({ status: 200, body: { pageCount: 1, startHere: { title: 'Open notes' } } })
    }
    expect((await overview('not-a-uuid', owner.token)).status).toBe(404)
  })
})
