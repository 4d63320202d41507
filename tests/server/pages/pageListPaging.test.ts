import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let owner: { token: string }
let spaceId: string
let firstPageId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'pager')
  const place = await createSpaceWithPage(server.url, owner.token, { title: 'Page 0' })
  spaceId = place.spaceId
  firstPageId = place.pageId
  for (let i = 1; i < 23; i++) await createPage(spaceId, `Page ${i}`)
})
afterAll(() => server?.close())

async function createPage(space: string, title: string, token = owner.token): Promise<string> {
  const created = await api(server.url, 'POST', `/api/spaces/${space}/pages`, { token, body: { title } })
  expect(created.status).toBe(201)
  return created.body.id
}

/** The path in a `Link: <path>; rel="next"` header, or null when there is none. */
function nextLink(headers: Headers): string | null {
  const link = headers.get('link')
  if (!link) return null
  const match = /^<([^>]+)>; rel="next"$/.exec(link)
  expect(match, `a Link header of the form <…>; rel="next", got ${link}`).not.toBeNull()
  return match![1]
}

/** Walks the paged list from `start`, calling `between` after each response; the ids in the order received. */
async function walk(start: string, between: (step: number) => Promise<void> = async () => {}): Promise<string[]> {
  const seen: string[] = []
  let path: string | null = start
  for (let step = 0; path; step++) {
    const answer = await api(server.url, 'GET', path, { token: owner.token })
    expect(answer.status).toBe(200)
    expect(Array.isArray(answer.body)).toBe(true)
    seen.push(...answer.body.map((page: { id: string }) => page.id))
    path = nextLink(answer.headers)
    await between(step)
  }
  return seen
}

describe('the space’s page list, paged with cursors', () => {
  it('still answers the whole list, as an array without a Link header, when no limit or cursor is asked for', async () => {
    const all = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: owner.token })
    expect(all.status).toBe(200)
    expect(all.body).toHaveLength(23)
    expect(all.headers.get('link')).toBeNull()
  })

  it('hands out every page exactly once, newest created first, with the page summaries the whole list has', async () => {
    const first = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?limit=5`, { token: owner.token })
    expect(first.body).toHaveLength(5)
    expect(first.body[0]).toMatchObject({ title: 'Page 22', slug: 'page-22', parentId: null })
    expect(Object.keys(first.body[0]).sort()).toEqual(['id', 'parentId', 'position', 'slug', 'title', 'updatedAt'])
    const seen = await walk(`/api/spaces/${spaceId}/pages?limit=5`)
    expect(seen).toHaveLength(23)
    expect(new Set(seen).size).toBe(23)
    expect(seen.at(-1)).toBe(firstPageId)
  })

  it('loses and repeats no page while pages are created and renamed between requests', async () => {
    const before = (await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token: owner.token })).body as Array<{ id: string }>
    // Oldest first: the pages the walk reaches last are the ones changed while it runs.
    const oldest = [...before].reverse().map((page) => page.id)
    const created: string[] = []
    const seen = await walk(`/api/spaces/${spaceId}/pages?limit=4`, async (step) => {
      created.push(await createPage(spaceId, `Written during the walk ${step}`))
      const renamed = await api(server.url, 'PATCH', `/api/pages/${oldest[step]}`, { token: owner.token, body: { title: `Renamed during the walk ${step}` } })
      expect(renamed.status).toBe(200)
    })
    expect(seen.length).toBe(new Set(seen).size)
    expect(before.map((page) => page.id).filter((id) => !seen.includes(id))).toEqual([])
    // Pages created after the walk began come before its cursor: the next walk has them.
    expect(created.filter((id) => seen.includes(id))).toEqual([])
  })

  it('refuses a cursor of another space, even one the caller may read, with 400 invalid_cursor', async () => {
    const other = await createSpaceWithPage(server.url, owner.token, { title: 'Elsewhere' })
    await createPage(other.spaceId, 'Elsewhere too')
    const otherFirst = await api(server.url, 'GET', `/api/spaces/${other.spaceId}/pages?limit=1`, { token: owner.token })
    const otherCursor = new URL(nextLink(otherFirst.headers)!, server.url).searchParams.get('cursor')!
    const crossed = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?limit=5&cursor=${otherCursor}`, { token: owner.token })
    expect(crossed).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
  })

  it('never shows an outsider another space’s pages through a cursor made for that space', async () => {
    const outsider = await signUpUser(server.url, 'outsider')
    const own = await createSpaceWithPage(server.url, outsider.token, { title: 'Mine' })
    // A cursor forged for the private space, placed after every page (far in the future).
    const forged = Buffer.from(JSON.stringify({ s: spaceId, k: ['9999999999999999', '00000000-0000-4000-8000-000000000000'] })).toString('base64url')
    const direct = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?limit=50&cursor=${forged}`, { token: outsider.token })
    expect(direct.status).toBe(404)
    const anonymous = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?limit=50&cursor=${forged}`)
    expect(anonymous.status).toBe(404)
    const viaOwn = await api(server.url, 'GET', `/api/spaces/${own.spaceId}/pages?limit=50&cursor=${forged}`, { token: outsider.token })
    expect(viaOwn).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
    // Forged for their own space, the cursor moves only within their own pages.
    const ownForged = Buffer.from(JSON.stringify({ s: own.spaceId, k: ['9999999999999999', 'ffffffff-ffff-4fff-bfff-ffffffffffff'] })).toString('base64url')
    const moved = await api(server.url, 'GET', `/api/spaces/${own.spaceId}/pages?limit=50&cursor=${ownForged}`, { token: outsider.token })
    expect(moved.status).toBe(200)
    expect(moved.body.map((page: { id: string }) => page.id)).toEqual([own.pageId])
  })

  it('answers a malformed cursor or limit with a clear 400, never a server error', async () => {
    const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
    const cursors = [
      'not a cursor', '%00', encode('not json'), encode([1, 2]), encode({ s: spaceId }), encode({ s: spaceId, k: [] }),
      encode({ s: spaceId, k: ['tomorrow', firstPageId] }), encode({ s: spaceId, k: ['12', 'not-a-uuid'] }),
      encode({ s: spaceId, k: ['1'.repeat(40), firstPageId] }), encode({ s: spaceId, k: ['1', firstPageId], extra: true }),
      encode({ s: spaceId, k: ['1', firstPageId, 'x'] }), 'A'.repeat(600),
    ]
    for (const cursor of cursors) {
      const answer = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?cursor=${encodeURIComponent(cursor)}`, { token: owner.token })
      expect({ cursor, status: answer.status }).toEqual({ cursor, status: 400 })
      expect(answer.body.error.message).toMatch(/\w/)
    }
    for (const limit of ['0', '-3', '501', 'ten', '2.5']) {
      const answer = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages?limit=${limit}`, { token: owner.token })
      expect({ limit, status: answer.status }).toEqual({ limit, status: 400 })
    }
  })
})
