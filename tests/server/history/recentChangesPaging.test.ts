import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertRevision } from '../../../server/history/revisionQueries.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let owner: { id: string; token: string }
let spaceId: string
const pageIds: string[] = []
const numbers = new Map<string, number>()

/** Stores a revision of `pageId` through the history module's own query, at `createdAt`. */
async function storeRevision(pageId: string, createdAt: Date): Promise<string> {
  const number = (numbers.get(pageId) ?? 0) + 1
  numbers.set(pageId, number)
  const row = await insertRevision(server.palimpsest.services.db, {
    pageId, spaceId, number, snapshot: new Uint8Array([0, 0]), stateVector: new Uint8Array([0]), kind: 'auto', name: null, summary: null,
    title: 'A page', createdBy: owner.id, restoredFrom: null, startedAt: createdAt, chars: number, words: number,
    charsAdded: 1, charsRemoved: 0, wordsAdded: 1, wordsRemoved: 0, blocksChanged: 1, charsFormatted: 0, createdAt,
  })
  return row.id
}

function nextLink(headers: Headers): string | null {
  const link = headers.get('link')
  return link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'chronicler')
  const place = await createSpaceWithPage(server.url, owner.token, { title: 'Page A' })
  spaceId = place.spaceId
  pageIds.push(place.pageId)
  for (const title of ['Page B', 'Page C']) pageIds.push((await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title } })).body.id)
})
afterAll(() => server?.close())

describe('recent changes, paged with cursors', () => {
  it('hands out every revision once, even 40 cut at the same instant, while new revisions arrive between requests', async () => {
    const stored: string[] = []
    const instant = new Date('2026-06-02T09:00:00.000Z')
    // An import cuts the first revisions of all its pages in one transaction: one timestamp.
    for (let i = 0; i < 40; i++) stored.push(await storeRevision(pageIds[i % 3], instant))
    for (let i = 0; i < 20; i++) stored.push(await storeRevision(pageIds[i % 3], new Date(instant.getTime() - (i + 1) * 60_000)))

    const seen: string[] = []
    const arrivedMeanwhile: string[] = []
    let path: string | null = `/api/spaces/${spaceId}/changes?limit=7`
    while (path) {
      const answer = await api(server.url, 'GET', path, { token: owner.token })
      expect(answer.status).toBe(200)
      seen.push(...answer.body.map((change: { id: string }) => change.id))
      path = nextLink(answer.headers)
      arrivedMeanwhile.push(await storeRevision(pageIds[0], new Date()))
    }
    expect(seen.length).toBe(new Set(seen).size)
    expect([...seen].sort()).toEqual([...stored].sort())
    expect(arrivedMeanwhile.filter((id) => seen.includes(id))).toEqual([])
  })

  it('refuses a cursor of another space and a malformed one with 400 invalid_cursor, and hides the space from outsiders', async () => {
    const other = await createSpaceWithPage(server.url, owner.token, { title: 'Other' })
    const foreign = Buffer.from(JSON.stringify({ s: other.spaceId, k: ['1780390800000000', pageIds[0]] })).toString('base64url')
    const crossed = await api(server.url, 'GET', `/api/spaces/${spaceId}/changes?cursor=${foreign}`, { token: owner.token })
    expect(crossed).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
    const broken = await api(server.url, 'GET', `/api/spaces/${spaceId}/changes?cursor=${encodeURIComponent('{"s":"x"}')}`, { token: owner.token })
    expect(broken).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
    const own = Buffer.from(JSON.stringify({ s: spaceId, k: ['1780390800000000', pageIds[0]] })).toString('base64url')
    const outsider = await signUpUser(server.url, 'outsider')
    expect((await api(server.url, 'GET', `/api/spaces/${spaceId}/changes?cursor=${own}`, { token: outsider.token })).status).toBe(404)
    expect((await api(server.url, 'GET', `/api/spaces/${spaceId}/changes?cursor=${own}`)).status).toBe(404)
  })
})
