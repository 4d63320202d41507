import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiSearchResult } from '../../../shared/searchApi.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const SECRET = 'quizzaciously'

let server: TestServer
let owner: Awaited<ReturnType<typeof signUpUser>>
let space: Awaited<ReturnType<typeof createSpaceWithPage>>

async function searchAs(token: string | null, query: string, spaceId?: string) {
  const params = new URLSearchParams({ q: query, ...(spaceId ? { spaceId } : {}) })
  return api<ApiSearchResult[]>(server.url, 'GET', `/api/search?${params}`, { token })
}

async function finds(token: string | null, query = SECRET): Promise<boolean> {
  const answer = await searchAs(token, query)
  expect(answer.status).toBe(200)
  return answer.body.some((result) => result.pageId === space.pageId)
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  space = await createSpaceWithPage(server.url, owner.token, { visibility: 'private', title: 'Minutes of the reading group' })
  const writer = await connectProvider(server.wsUrl, space.pageId, { token: owner.token })
  appendParagraph(writer.doc, `We discussed the strike ${SECRET} and agreed to meet again.`)
  await writer.settled()
  writer.destroy()
  await waitFor(() => finds(owner.token), 'the owner to find the private page')
})

afterAll(async () => {
  await server?.close()
})

describe('search in a private space', () => {
  it('finds a private page\'s words for its members and for nobody else', async () => {
    const viewer = await signUpUser(server.url, 'viewer')
    const stranger = await signUpUser(server.url, 'stranger')
    const added = await api(server.url, 'PUT', `/api/spaces/${space.spaceId}/members/${viewer.username}`, { token: owner.token, body: { role: 'viewer' } })
    expect(added.status).toBe(200)

    expect(await finds(owner.token)).toBe(true)
    expect(await finds(viewer.token)).toBe(true)
    expect(await finds(stranger.token)).toBe(false)
    expect(await finds(null)).toBe(false)
    // Not by its title either, nor by a misspelling of it.
    expect(await finds(stranger.token, 'Minutes of the reading group')).toBe(false)
    expect(await finds(null, 'Minutes of the reeding grup')).toBe(false)
  })

  it('hides that the space exists from an outsider who filters by it', async () => {
    const stranger = await signUpUser(server.url, 'stranger')
    expect((await searchAs(stranger.token, SECRET, space.spaceId)).status).toBe(404)
    expect((await searchAs(null, SECRET, space.spaceId)).status).toBe(404)
    expect((await searchAs(owner.token, SECRET, space.spaceId)).body.map((r) => r.pageId)).toEqual([space.pageId])
  })

  it('stops finding the page for a member as soon as they are removed', async () => {
    const viewer = await signUpUser(server.url, 'leaving')
    await api(server.url, 'PUT', `/api/spaces/${space.spaceId}/members/${viewer.username}`, { token: owner.token, body: { role: 'viewer' } })
    expect(await finds(viewer.token)).toBe(true)
    const removed = await api(server.url, 'DELETE', `/api/spaces/${space.spaceId}/members/${viewer.username}`, { token: owner.token })
    expect(removed.status).toBe(204)
    expect(await finds(viewer.token)).toBe(false)
  })

  it('limits results to one space when asked, and to readable spaces otherwise', async () => {
    const other = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: `Notes on ${SECRET}` })
    const everywhere = await waitFor(async () => {
      const answer = await searchAs(owner.token, SECRET)
      return answer.body.length === 2 ? answer : null
    }, 'the new page to be indexed')
    expect(everywhere.body.map((r) => r.pageId).sort()).toEqual([space.pageId, other.pageId].sort())
    const onlyOther = await searchAs(owner.token, SECRET, other.spaceId)
    expect(onlyOther.body.map((r) => r.pageId)).toEqual([other.pageId])
    // Anyone may read the public space, so anyone finds that page — and only that one.
    expect((await searchAs(null, SECRET)).body.map((r) => r.pageId)).toEqual([other.pageId])
  })
})
