import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph } from './linkWriting.ts'

const SOURCES = 11
let server: TestServer
let alice: { token: string }
let spaceId: string
let targetId: string
let otherTargetId: string
const sourceIds: string[] = []

/** Links written by real providers: `SOURCES` pages that each link to "Novocherkassk" and to "Rostov". */
beforeAll(async () => {
  server = await startTestServer()
  alice = await signUpUser(server.url, 'alice')
  const place = await createSpaceWithPage(server.url, alice.token, { title: 'Novocherkassk' })
  spaceId = place.spaceId
  targetId = place.pageId
  otherTargetId = (await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title: 'Rostov' } })).body.id
  for (let i = 0; i < SOURCES; i++) {
    const page = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title: `Witness ${i}` } })
    expect(page.status).toBe(201)
    sourceIds.push(page.body.id)
    const writer = await connectProvider(server.wsUrl, page.body.id, { token: alice.token })
    appendLinkedParagraph(writer.doc, ['Troops came to ', { target: 'Novocherkassk' }, ' from ', { target: 'Rostov' }, '.'])
    await writer.settled()
    writer.destroy()
  }
  await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${targetId}/backlinks`, { token: alice.token })).body?.length === SOURCES, 'every backlink to be indexed', 60_000)
  await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${otherTargetId}/backlinks`, { token: alice.token })).body?.length === SOURCES, 'every backlink to be indexed', 60_000)
}, 120_000)
afterAll(() => server?.close())

function nextLink(headers: Headers): string | null {
  const link = headers.get('link')
  return link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null
}

describe('backlinks and orphaned pages, paged with cursors', () => {
  it('hands out every linking page exactly once while linking pages are renamed between requests', async () => {
    const seen: string[] = []
    let path: string | null = `/api/pages/${targetId}/backlinks?limit=3`
    for (let step = 0; path; step++) {
      const answer = await api(server.url, 'GET', path, { token: alice.token })
      expect(answer.status).toBe(200)
      expect(answer.body.length).toBeLessThanOrEqual(3)
      for (const row of answer.body) expect(row).toMatchObject({ snippet: expect.stringContaining('Novocherkassk'), linkCount: 1 })
      seen.push(...answer.body.map((row: { pageId: string }) => row.pageId))
      path = nextLink(answer.headers)
      // Renamed from "Witness" to "A …": first by title now, so a walk by title would miss it.
      const renamed = await api(server.url, 'PATCH', `/api/pages/${sourceIds[step]}`, { token: alice.token, body: { title: `A witness renamed ${step}` } })
      expect(renamed.status).toBe(200)
    }
    expect(seen.length).toBe(new Set(seen).size)
    expect([...seen].sort()).toEqual([...sourceIds].sort())
  })

  it('keeps the unpaged answer, by title and without a Link header', async () => {
    const all = await api(server.url, 'GET', `/api/pages/${targetId}/backlinks`, { token: alice.token })
    expect(all.body).toHaveLength(SOURCES)
    expect(all.headers.get('link')).toBeNull()
    const titles = all.body.map((row: { title: string }) => row.title)
    expect(titles).toEqual([...titles].sort((a: string, b: string) => a.localeCompare(b, 'en')))
  })

  it('refuses another page’s cursor and malformed cursors with 400, and shows an outsider nothing', async () => {
    const first = await api(server.url, 'GET', `/api/pages/${otherTargetId}/backlinks?limit=2`, { token: alice.token })
    const otherCursor = new URL(nextLink(first.headers)!, server.url).searchParams.get('cursor')!
    const crossed = await api(server.url, 'GET', `/api/pages/${targetId}/backlinks?limit=2&cursor=${otherCursor}`, { token: alice.token })
    expect(crossed).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
    for (const cursor of ['nope!', Buffer.from('{"s":1}').toString('base64url'), 'x'.repeat(600)]) {
      const bad = await api(server.url, 'GET', `/api/pages/${targetId}/backlinks?cursor=${encodeURIComponent(cursor)}`, { token: alice.token })
      expect({ cursor, status: bad.status }).toEqual({ cursor, status: 400 })
    }
    const outsider = await signUpUser(server.url, 'outsider')
    const forged = Buffer.from(JSON.stringify({ s: targetId, k: ['9999999999999999', sourceIds[0]] })).toString('base64url')
    expect((await api(server.url, 'GET', `/api/pages/${targetId}/backlinks?cursor=${forged}`, { token: outsider.token })).status).toBe(404)
    expect((await api(server.url, 'GET', `/api/pages/${targetId}/backlinks?cursor=${forged}`)).status).toBe(404)
  })

  it('pages the orphaned pages the same way: the witness pages, each once, and refuses a cursor made for backlinks', async () => {
    const seen: string[] = []
    let path: string | null = `/api/spaces/${spaceId}/orphans?limit=4`
    while (path) {
      const answer = await api(server.url, 'GET', path, { token: alice.token })
      expect(answer.status).toBe(200)
      seen.push(...answer.body.map((page: { id: string }) => page.id))
      path = nextLink(answer.headers)
    }
    expect([...seen].sort()).toEqual([...sourceIds].sort())
    const all = await api(server.url, 'GET', `/api/spaces/${spaceId}/orphans`, { token: alice.token })
    expect(all.body.map((page: { id: string }) => page.id).sort()).toEqual([...sourceIds].sort())
    const backlinksPage = await api(server.url, 'GET', `/api/pages/${targetId}/backlinks?limit=2`, { token: alice.token })
    const backlinksCursor = new URL(nextLink(backlinksPage.headers)!, server.url).searchParams.get('cursor')!
    const crossed = await api(server.url, 'GET', `/api/spaces/${spaceId}/orphans?cursor=${backlinksCursor}`, { token: alice.token })
    expect(crossed).toMatchObject({ status: 400, body: { error: { id: 'invalid_cursor' } } })
  })
  it('leaves out, on every page of the walk, backlinks from a private space the reader may not read', async () => {
    const open = await createSpaceWithPage(server.url, alice.token, { title: 'Square', visibility: 'public' })
    const bob = await signUpUser(server.url, 'bob')
    const hidden = await createSpaceWithPage(server.url, bob.token, { title: 'Bob’s notes', visibility: 'private' })
    const linkFrom = async (token: string, pageId: string, target: string) => {
      const writer = await connectProvider(server.wsUrl, pageId, { token })
      appendLinkedParagraph(writer.doc, ['They gathered on ', { target }, '.'])
      await writer.settled()
      writer.destroy()
    }
    const mine = (await api(server.url, 'POST', `/api/spaces/${open.spaceId}/pages`, { token: alice.token, body: { title: 'Gathering' } })).body.id
    await linkFrom(alice.token, mine, 'Square')
    await linkFrom(bob.token, hidden.pageId, `${open.spaceSlug}:Square`)
    await waitFor(async () => (await api(server.url, 'GET', `/api/pages/${open.pageId}/backlinks`, { token: bob.token })).body?.length === 2, 'both backlinks to be indexed', 60_000)
    const walk = async (token: string | null) => {
      const seen: string[] = []
      let path: string | null = `/api/pages/${open.pageId}/backlinks?limit=1`
      while (path) {
        const answer = await api(server.url, 'GET', path, { token })
        expect(answer.status).toBe(200)
        seen.push(...answer.body.map((row: { pageId: string }) => row.pageId))
        path = nextLink(answer.headers)
      }
      return seen
    }
    expect((await walk(bob.token)).sort()).toEqual([mine, hidden.pageId].sort())
    expect(await walk(alice.token)).toEqual([mine])
    expect(await walk(null)).toEqual([mine])
  })
})
