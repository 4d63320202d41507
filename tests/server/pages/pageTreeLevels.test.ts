import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

// The tree a level at a time (`GET /api/spaces/:spaceId/tree?parent=`), the pages above one
// page (`…/tree/ancestors/:pageId`) and the page list ordered and filtered by the server.

let server: TestServer
let owner: { token: string; username: string }
let spaceId: string
let topId: string
let hubId: string
let deepId: string

async function createPage(title: string, parentId?: string, space = spaceId, token = owner.token): Promise<string> {
  const created = await api(server.url, 'POST', `/api/spaces/${space}/pages`, { token, body: parentId ? { title, parentId } : { title } })
  expect(created.status).toBe(201)
  return created.body.id
}

function nextLink(headers: Headers): string | null {
  const link = headers.get('link')
  return link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null
}

async function walk(start: string, token: string | undefined = owner.token, between: (step: number) => Promise<void> = async () => {}) {
  const seen: Array<{ id: string; title: string; hasChildren?: boolean }> = []
  let path: string | null = start
  for (let step = 0; path; step++) {
    const answer = await api(server.url, 'GET', path, { token })
    expect(answer.status).toBe(200)
    seen.push(...answer.body)
    path = nextLink(answer.headers)
    await between(step)
  }
  return seen
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'treeowner')
  const made = await createSpaceWithPage(server.url, owner.token, { title: 'Top', visibility: 'private' })
  spaceId = made.spaceId
  topId = made.pageId
  hubId = await createPage('Hub')
  for (let i = 0; i < 12; i++) await createPage(`Child ${String(i).padStart(2, '0')}`, hubId)
  const middle = await createPage('Middle', hubId)
  deepId = await createPage('Deep', middle)
})
afterAll(() => server?.close())

describe('the page tree a level at a time', () => {
  it('lists the top level in tree order with hasChildren, then a page’s subpages, paged without loss or repeat', async () => {
    const top = await walk(`/api/spaces/${spaceId}/tree?limit=1`)
    expect(top.map((page) => page.title)).toEqual(['Top', 'Hub'])
    expect(top.map((page) => page.hasChildren)).toEqual([false, true])
    const children = await walk(`/api/spaces/${spaceId}/tree?parent=${hubId}&limit=5`)
    expect(children.map((page) => page.title)).toEqual([...Array.from({ length: 12 }, (_, i) => `Child ${String(i).padStart(2, '0')}`), 'Middle'])
    expect(children.find((page) => page.title === 'Middle')?.hasChildren).toBe(true)
  })

  it('loses and repeats no subpage while subpages are added during the walk', async () => {
    const before = (await walk(`/api/spaces/${spaceId}/tree?parent=${hubId}&limit=100`)).map((page) => page.id)
    const added: string[] = []
    const seen = (await walk(`/api/spaces/${spaceId}/tree?parent=${hubId}&limit=3`, owner.token, async (step) => {
      added.push(await createPage(`Added during the walk ${step}`, hubId))
    })).map((page) => page.id)
    expect(seen.length).toBe(new Set(seen).size)
    expect(before.filter((id) => !seen.includes(id))).toEqual([])
    // New subpages join the end of the level, so the walk reaches them too (all but the one
    // added after its last answer).
    expect(added.slice(0, -1).filter((id) => !seen.includes(id))).toEqual([])
  })

  it('names the pages above a page, the top-level one first, to unfold the tree down to it', async () => {
    const above = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree/ancestors/${deepId}`, { token: owner.token })
    expect(above.status).toBe(200)
    expect(above.body.map((page: { title: string }) => page.title)).toEqual(['Hub', 'Middle'])
    const none = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree/ancestors/${topId}`, { token: owner.token })
    expect(none.body).toEqual([])
  })

  it('answers a parent that is not a page of the space, or a bad cursor, with a clear 404 or 400; such a page has nothing above it', async () => {
    const other = await createSpaceWithPage(server.url, owner.token, { title: 'Elsewhere' })
    for (const parent of [other.pageId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const answer = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree?parent=${parent}`, { token: owner.token })
      expect({ parent, status: answer.status }).toEqual({ parent, status: 404 })
      // The pages above a page not in the space: none (a breadcrumb of a page just deleted asks again quietly).
      const above = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree/ancestors/${parent}`, { token: owner.token })
      expect({ parent, status: above.status, body: above.body }).toEqual({ parent, status: 200, body: [] })
    }
    const first = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree?limit=1`, { token: owner.token })
    const topCursor = new URL(nextLink(first.headers)!, server.url).searchParams.get('cursor')!
    // A cursor of the top level is not one of Hub's level.
    const crossed = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree?parent=${hubId}&cursor=${topCursor}`, { token: owner.token })
    expect(crossed).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
    const forged = Buffer.from(JSON.stringify({ s: hubId, k: ['x', hubId] })).toString('base64url')
    const bad = await api(server.url, 'GET', `/api/spaces/${spaceId}/tree?parent=${hubId}&cursor=${forged}`, { token: owner.token })
    expect(bad).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
  })

  it('shows a private space’s tree to a viewer, and nothing to an outsider, an anonymous reader or a hostile member of another space', async () => {
    const viewer = await signUpUser(server.url, 'treeviewer')
    expect((await api(server.url, 'PUT', `/api/spaces/${spaceId}/members/${viewer.username}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200)
    expect((await walk(`/api/spaces/${spaceId}/tree`, viewer.token)).map((page) => page.title)).toEqual(['Top', 'Hub'])
    const outsider = await signUpUser(server.url, 'treeoutsider')
    // A hostile editor of their own space, asking for this space's pages as children of theirs.
    const hostile = await signUpUser(server.url, 'treehostile')
    const own = await createSpaceWithPage(server.url, hostile.token, { title: 'Mine' })
    for (const token of [outsider.token, hostile.token, undefined]) {
      for (const path of [`/api/spaces/${spaceId}/tree`, `/api/spaces/${spaceId}/tree?parent=${hubId}`, `/api/spaces/${spaceId}/tree/ancestors/${deepId}`]) {
        const answer = await api(server.url, 'GET', path, { token })
        expect({ path, status: answer.status }).toEqual({ path, status: 404 })
      }
    }
    const across = await api(server.url, 'GET', `/api/spaces/${own.spaceId}/tree?parent=${hubId}`, { token: hostile.token })
    expect(across.status).toBe(404)
    const acrossAbove = await api(server.url, 'GET', `/api/spaces/${own.spaceId}/tree/ancestors/${deepId}`, { token: hostile.token })
    expect(acrossAbove).toMatchObject({ status: 200, body: [] })
    const forged = Buffer.from(JSON.stringify({ s: hubId, k: ['0', '00000000-0000-4000-8000-000000000000'] })).toString('base64url')
    const viaOwn = await api(server.url, 'GET', `/api/spaces/${own.spaceId}/tree?cursor=${forged}`, { token: hostile.token })
    expect(viaOwn).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
  })
})

describe('the page list ordered and filtered by the server', () => {
  it('pages A→Z by title and filters by the start of the title, case folded', async () => {
    const byTitle = await walk(`/api/spaces/${spaceId}/pages?order=title&limit=4`)
    const titles = byTitle.map((page) => page.title)
    expect(titles.length).toBe(new Set(titles).size)
    expect(titles).toEqual([...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
    const children = await walk(`/api/spaces/${spaceId}/pages?order=title&prefix=${encodeURIComponent('  child ')}&limit=5`)
    expect(children.map((page) => page.title)).toEqual(Array.from({ length: 12 }, (_, i) => `Child ${String(i).padStart(2, '0')}`))
  })

  it('pages by last change, newest first, losing no page while pages are added', async () => {
    const before = (await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: owner.token })).body.map((page: { id: string }) => page.id)
    const seen = (await walk(`/api/spaces/${spaceId}/pages?order=changed&limit=4`, owner.token, async (step) => {
      await createPage(`Listed during the walk ${step}`)
    })).map((page) => page.id)
    expect(seen.length).toBe(new Set(seen).size)
    expect(before.filter((id: string) => !seen.includes(id))).toEqual([])
  })

  it('keeps a private space’s list from an outsider and an anonymous reader, whatever the order or prefix', async () => {
    const outsider = await signUpUser(server.url, 'listoutsider')
    for (const token of [outsider.token, undefined]) {
      const answer = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?order=title&prefix=c&limit=5`, { token })
      expect(answer.status).toBe(404)
    }
    const bad = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?order=size&limit=5`, { token: owner.token })
    expect(bad.status).toBe(400)
  })
})
