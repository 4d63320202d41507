import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { KNOCKERS, must, setUpSpaceRoles, type SpaceRoles } from '../accounts/spaceRoles.ts'
import { openServerEvents } from '../../support/serverEvents.ts'

let server: TestServer
let owner: { token: string; username: string }

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'gardener')
})
afterAll(() => server.close())

type Listed = { id: string; title: string; parentId: string | null; position: number }

/** A fresh private space of the owner's; `add` creates pages in it. */
async function space() {
  const made = await createSpaceWithPage(server.url, owner.token, { title: 'Root' })
  const add = async (title: string, parentId?: string | null) =>
    (await must(server.url, 201, 'POST', `/api/spaces/${made.spaceId}/pages`, { token: owner.token, body: { title, parentId } })).body.id as string
  const list = async () => (await must(server.url, 200, 'GET', `/api/spaces/${made.spaceId}/pages`, { token: owner.token })).body as Listed[]
  /** Each page's title → "parent title #position". */
  const shape = async () => {
    const pages = await list()
    const title = (id: string | null) => (id ? pages.find((p) => p.id === id)?.title ?? '?' : '-')
    return Object.fromEntries(pages.map((p) => [p.title, `${title(p.parentId)} #${p.position}`]))
  }
  const move = (pageId: string, parentId: string | null, position: number, token: string | null = owner.token) =>
    api(server.url, 'PUT', `/api/pages/${pageId}/position`, { token, body: { parentId, position } })
  return { ...made, add, list, shape, move }
}

describe('the page tree', () => {
  it('creates pages under a parent, last among its children, and lists each with its parent and position', async () => {
    const s = await space()
    const a = await s.add('Strike', s.pageId)
    await s.add('Aftermath', s.pageId)
    await s.add('Shooting', a)
    await s.add('Sources')
    expect(await s.shape()).toEqual({ Root: '- #0', Sources: '- #1', Strike: 'Root #0', Aftermath: 'Root #1', Shooting: 'Strike #0' })
  })

  it('moves a page under another parent or to another place among its siblings, closing the gap it leaves', async () => {
    const s = await space()
    const a = await s.add('A', s.pageId)
    const b = await s.add('B', s.pageId)
    const c = await s.add('C', s.pageId)
    expect((await s.move(c, s.pageId, 0)).status).toBe(200)
    expect(await s.shape()).toMatchObject({ C: 'Root #0', A: 'Root #1', B: 'Root #2' })
    const moved = await s.move(a, b, 5)
    expect(moved.body).toMatchObject({ id: a, parentId: b, position: 0 })
    expect(await s.shape()).toMatchObject({ C: 'Root #0', B: 'Root #1', A: 'B #0' })
    expect((await s.move(b, null, 0)).status).toBe(200)
    expect(await s.shape()).toEqual({ B: '- #0', Root: '- #1', C: 'Root #0', A: 'B #0' })
  })

  it('refuses to put a page under itself or its own descendants (409), and the tree stays as it was', async () => {
    const s = await space()
    const child = await s.add('Child', s.pageId)
    const grandchild = await s.add('Grandchild', child)
    const before = await s.shape()
    for (const parent of [s.pageId, child, grandchild]) {
      expect(await s.move(s.pageId, parent, 0)).toMatchObject({ status: 409, body: { error: { id: 'tree_cycle' } } })
    }
    expect(await s.shape()).toEqual(before)
  })

  it('never lets two moves at once close a loop between two pages', async () => {
    const s = await space()
    for (let round = 0; round < 12; round++) {
      const a = await s.add(`Loop A${round}`)
      const b = await s.add(`Loop B${round}`)
      const answers = await Promise.all([s.move(a, b, 0), s.move(b, a, 0)])
      expect(answers.map((x) => x.status).sort()).toEqual([200, 409])
    }
    const pages = await s.list()
    const parent = new Map(pages.map((p) => [p.id, p.parentId]))
    for (const page of pages) {
      const seen = new Set<string>()
      for (let at: string | null = page.id; at; at = parent.get(at) ?? null) {
        expect(seen.has(at), `a loop through ${page.title}`).toBe(false)
        seen.add(at)
      }
    }
  })

  it('refuses a parent from another space, even one the caller edits, when creating or moving (400, nothing changes)', async () => {
    const s = await space()
    const other = await space()
    const before = await s.shape()
    const created = await api(server.url, 'POST', `/api/spaces/${s.spaceId}/pages`, { token: owner.token, body: { title: 'Stray', parentId: other.pageId } })
    expect(created).toMatchObject({ status: 400, body: { error: { id: 'invalid_parent' } } })
    expect(await s.move(s.pageId, other.pageId, 0)).toMatchObject({ status: 400, body: { error: { id: 'invalid_parent' } } })
    // A page that does not exist, or is deleted, is answered the same way (no oracle).
    expect((await s.move(s.pageId, '00000000-0000-4000-8000-000000000000', 0)).body.error.id).toBe('invalid_parent')
    const gone = await s.add('Gone')
    await must(server.url, 204, 'DELETE', `/api/pages/${gone}`, { token: owner.token })
    expect((await s.move(s.pageId, gone, 0)).body.error.id).toBe('invalid_parent')
    expect(await s.shape()).toEqual(before)
    expect(await other.shape()).toEqual({ Root: '- #0' })
  })

  it('answers malformed moves with 400', async () => {
    const s = await space()
    for (const body of [{}, { parentId: null }, { parentId: 'nope', position: 0 }, { parentId: null, position: -1 }, { parentId: null, position: 1.5 }]) {
      expect((await api(server.url, 'PUT', `/api/pages/${s.pageId}/position`, { token: owner.token, body })).status, JSON.stringify(body)).toBe(400)
    }
  })

  it('lifts the subpages of a deleted page into its place, in their order', async () => {
    const s = await space()
    const a = await s.add('A', s.pageId)
    await s.add('B', s.pageId)
    await s.add('A1', a)
    await s.add('A2', a)
    await must(server.url, 204, 'DELETE', `/api/pages/${a}`, { token: owner.token })
    expect(await s.shape()).toEqual({ Root: '- #0', B: 'Root #0', A1: 'Root #1', A2: 'Root #2' })
  })

  it('keeps links working when the linked page moves (links are by title)', async () => {
    const s = await space()
    const target = await s.add('Target')
    await s.move(target, s.pageId, 0)
    const resolved = await api(server.url, 'GET', `/api/spaces/${s.spaceId}/resolve?title=target`, { token: owner.token })
    expect(resolved.body).toMatchObject({ pageId: target, title: 'Target' })
  })
})

describe('moving pages, by who asks', () => {
  let roles: SpaceRoles
  beforeAll(async () => {
    roles = await setUpSpaceRoles(server.url)
  })

  it('lets editors and owners move; a viewer gets 403, an outsider 404 in a private space, an anonymous reader 401 in a public one', async () => {
    const statuses: Record<string, number[]> = {}
    for (const visibility of ['public', 'private'] as const) {
      const place = roles.spaces[visibility]
      statuses[visibility] = []
      for (const knocker of KNOCKERS) {
        const answer = await api(server.url, 'PUT', `/api/pages/${place.pageId}/position`, { token: roles.token(knocker), body: { parentId: null, position: 0 } })
        statuses[visibility].push(answer.status)
      }
    }
    expect(statuses).toEqual({ public: [401, 403, 403, 200, 200], private: [404, 404, 403, 200, 200] })
  })

  it('a hostile editor cannot reach another space’s tree: neither its pages as parents nor its pages to move', async () => {
    const hostile = roles.users.editor
    const foreign = await createSpaceWithPage(server.url, roles.users.owner.token, { title: 'Foreign root' })
    const mine = roles.spaces.private
    expect((await api(server.url, 'PUT', `/api/pages/${mine.pageId}/position`, { token: hostile.token, body: { parentId: foreign.pageId, position: 0 } })).status).toBe(400)
    expect((await api(server.url, 'PUT', `/api/pages/${foreign.pageId}/position`, { token: hostile.token, body: { parentId: mine.pageId, position: 0 } })).status).toBe(404)
    const list = await must(server.url, 200, 'GET', `/api/spaces/${foreign.spaceId}/pages`, { token: roles.users.owner.token })
    expect(list.body).toMatchObject([{ id: foreign.pageId, parentId: null, position: 0 }])
  })
})

describe('the live tree stream', () => {
  it('tells a reader when a page of the space is created, renamed, moved or deleted, and nothing of other spaces', async () => {
    const s = await space()
    const other = await space()
    const reader = await signUpUser(server.url, 'reader')
    await must(server.url, 200, 'PUT', `/api/spaces/${s.spaceId}/members/${reader.username}`, { token: owner.token, body: { role: 'viewer' } })
    const stream = await openServerEvents(server.url, `/api/spaces/${s.spaceId}/tree/events`, reader.token)
    try {
      expect(stream.status).toBe(200)
      await stream.waitFor('ready')
      await other.add('Elsewhere')
      const page = await s.add('Fresh')
      await stream.waitFor('tree', 1)
      await must(server.url, 200, 'PATCH', `/api/pages/${page}`, { token: owner.token, body: { title: 'Fresher' } })
      await stream.waitFor('tree', 2)
      expect((await s.move(page, s.pageId, 0)).status).toBe(200)
      await stream.waitFor('tree', 3)
      await must(server.url, 204, 'DELETE', `/api/pages/${page}`, { token: owner.token })
      await stream.waitFor('tree', 4)
      expect(stream.events).toEqual(['ready', 'tree', 'tree', 'tree', 'tree'])
    } finally {
      stream.close()
    }
  })

  it('opens for those who may read the space only: 404 for outsiders and anonymous readers of a private space', async () => {
    const roles = await setUpSpaceRoles(server.url)
    const statuses: Record<string, number[]> = { public: [], private: [] }
    for (const visibility of ['public', 'private'] as const) {
      for (const knocker of KNOCKERS) {
        const stream = await openServerEvents(server.url, `/api/spaces/${roles.spaces[visibility].id}/tree/events`, roles.token(knocker))
        statuses[visibility].push(stream.status)
        stream.close()
      }
    }
    expect(statuses).toEqual({ public: [200, 200, 200, 200, 200], private: [404, 404, 200, 200, 200] })
  })

  it('ends the stream of a member who is removed from a private space, who hears nothing after', async () => {
    const s = await space()
    const member = await signUpUser(server.url, 'leaver')
    await must(server.url, 200, 'PUT', `/api/spaces/${s.spaceId}/members/${member.username}`, { token: owner.token, body: { role: 'editor' } })
    const stream = await openServerEvents(server.url, `/api/spaces/${s.spaceId}/tree/events`, member.token)
    await stream.waitFor('ready')
    await must(server.url, 204, 'DELETE', `/api/spaces/${s.spaceId}/members/${member.username}`, { token: owner.token })
    await stream.ended
    expect(stream.events).toEqual(['ready'])
  })

  it('ends the stream when its session signs out', async () => {
    const s = await space()
    const member = await signUpUser(server.url, 'signout')
    await must(server.url, 200, 'PUT', `/api/spaces/${s.spaceId}/members/${member.username}`, { token: owner.token, body: { role: 'viewer' } })
    const stream = await openServerEvents(server.url, `/api/spaces/${s.spaceId}/tree/events`, member.token)
    await stream.waitFor('ready')
    await must(server.url, 204, 'POST', '/api/auth/logout', { token: member.token })
    await stream.ended
    expect(stream.events).toEqual(['ready'])
  })
})
