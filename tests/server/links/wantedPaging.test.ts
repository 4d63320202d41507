import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiWantedPage } from '../../../shared/linkTypes.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph, type Piece } from './linkWriting.ts'

// A public space whose first page links to twelve titles that have no page. Bob's private
// space links into it too, to a title only Bob may know is wanted.
const WANTED = Array.from({ length: 12 }, (_, i) => `Witness ${String(i).padStart(2, '0')}`)
let server: TestServer
let alice: { token: string }
let bob: { token: string }
let open: { spaceId: string; spaceSlug: string; pageId: string }

/** Writes a paragraph of links to `targets` on a page, as the editor does. */
async function link(token: string, pageId: string, targets: string[]): Promise<void> {
  const writer = await connectProvider(server.wsUrl, pageId, { token })
  appendLinkedParagraph(writer.doc, targets.flatMap((target): Piece[] => [' see ', { target }]))
  await writer.settled()
  writer.destroy()
}

const call = (token: string | null, path: string) => api<ApiWantedPage[]>(server.url, 'GET', path, { token })
const nextLink = (headers: Headers) => /^<([^>]+)>; rel="next"$/.exec(headers.get('link') ?? '')?.[1] ?? null
const wantedTitles = async (token: string | null) => (await call(token, `/api/spaces/${open.spaceId}/wanted?limit=500`)).body.map((w) => w.title)

/** Walks the wanted pages by title, `limit` at a time, calling `between` after each response. */
async function walk(token: string | null, limit: number, between: (step: number) => Promise<void> = async () => {}): Promise<ApiWantedPage[]> {
  const seen: ApiWantedPage[] = []
  let path: string | null = `/api/spaces/${open.spaceId}/wanted?order=title&limit=${limit}`
  for (let step = 0; path; step++) {
    const answer = await call(token, path)
    expect(answer.status).toBe(200)
    expect(answer.body.length).toBeLessThanOrEqual(limit)
    seen.push(...answer.body)
    path = nextLink(answer.headers)
    await between(step)
  }
  return seen
}

beforeAll(async () => {
  server = await startTestServer()
  alice = await signUpUser(server.url, 'alice')
  bob = await signUpUser(server.url, 'bob')
  open = await createSpaceWithPage(server.url, alice.token, { title: 'Novocherkassk', visibility: 'public' })
  await link(alice.token, open.pageId, WANTED)
  const hidden = await createSpaceWithPage(server.url, bob.token, { title: 'Bob’s notes', visibility: 'private' })
  await link(bob.token, hidden.pageId, [`${open.spaceSlug}:Secret informer`])
  await waitFor(async () => (await wantedTitles(alice.token)).length === WANTED.length, 'the wanted titles to be indexed', 60_000)
  await waitFor(async () => (await wantedTitles(bob.token)).includes('Secret informer'), 'Bob’s link to be indexed', 60_000)
}, 120_000)
afterAll(() => server?.close())

describe('wanted pages, paged by title with a cursor', { timeout: 120_000 }, () => {
  it('hands out every title wanted all along exactly once, in title order, while links are added and counts change between requests', async () => {
    const extra = (await api(server.url, 'POST', `/api/spaces/${open.spaceId}/pages`, { token: alice.token, body: { title: 'Second page' } })).body.id
    const seen = await walk(alice.token, 5, async (step) => {
      // New titles before and after the walk's place, and more links to titles already sent and still to come.
      if (step !== 0) return
      await link(alice.token, extra, ['Aaa newcomer', 'Zzz newcomer', WANTED[0]!, WANTED[11]!])
      await waitFor(async () => (await wantedTitles(alice.token)).includes('Zzz newcomer'), 'the new links to be indexed', 30_000)
    })
    const titles = seen.map((w) => w.title)
    expect(titles.length).toBe(new Set(titles).size)
    expect(titles).toEqual(expect.arrayContaining(WANTED))
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')))
    expect(titles).not.toContain('Secret informer')
    expect(seen.find((w) => w.title === WANTED[0])).toMatchObject({ pages: 1 })
    expect(seen.find((w) => w.title === WANTED[11])).toMatchObject({ pages: 2, linkedFrom: [{ title: 'Novocherkassk' }, { title: 'Second page' }] })
    // Unpaged, the most wanted come first as before, without a Link header.
    const most = await call(alice.token, `/api/spaces/${open.spaceId}/wanted?limit=2`)
    expect(most.headers.get('link')).toBeNull()
    expect(most.body.map((w) => w.pages)).toEqual([2, 2])
  })

  it('lists a title wanted from a private space only to those who may read that space, on every page of the walk', async () => {
    expect((await walk(bob.token, 4)).map((w) => w.title)).toContain('Secret informer')
    const anonymous = (await walk(null, 4)).map((w) => w.title)
    expect(anonymous).toEqual(expect.arrayContaining(WANTED))
    expect(anonymous).not.toContain('Secret informer')
    // A forged cursor just before the hidden title moves only within what the caller may read.
    const forged = Buffer.from(JSON.stringify({ s: `wanted:${open.spaceId}`, k: ['secret'] })).toString('base64url')
    const after = await call(alice.token, `/api/spaces/${open.spaceId}/wanted?order=title&cursor=${forged}`)
    expect(after.status).toBe(200)
    expect(JSON.stringify(after.body)).not.toContain('Secret informer')
  })

  it('refuses a cursor of another listing or space and malformed ones with 400, and shows an outsider of a private space nothing', async () => {
    const closed = await createSpaceWithPage(server.url, alice.token, { title: 'Closed', visibility: 'private' })
    const first = await call(alice.token, `/api/spaces/${open.spaceId}/wanted?order=title&limit=2`)
    const cursor = new URL(nextLink(first.headers)!, server.url).searchParams.get('cursor')!
    expect((await call(alice.token, `/api/spaces/${closed.spaceId}/wanted?order=title&cursor=${cursor}`)).status).toBe(400)
    expect((await call(alice.token, `/api/spaces/${open.spaceId}/orphans?cursor=${cursor}`)).status).toBe(400)
    for (const bad of ['nope!', Buffer.from('{"s":1}').toString('base64url'), 'x'.repeat(7000)]) {
      const answer = await call(alice.token, `/api/spaces/${open.spaceId}/wanted?cursor=${encodeURIComponent(bad)}`)
      expect({ bad: bad.slice(0, 10), status: answer.status }).toEqual({ bad: bad.slice(0, 10), status: 400 })
    }
    expect((await call(alice.token, `/api/spaces/${open.spaceId}/wanted?order=sideways`)).status).toBe(400)
    const outsider = await signUpUser(server.url, 'outsider')
    const forged = Buffer.from(JSON.stringify({ s: `wanted:${closed.spaceId}`, k: [''] })).toString('base64url')
    expect((await call(outsider.token, `/api/spaces/${closed.spaceId}/wanted?order=title&cursor=${forged}`)).status).toBe(404)
    expect((await call(null, `/api/spaces/${closed.spaceId}/wanted?order=title`)).status).toBe(404)
  })
})
