import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiPageWatch, ApiWatchedPage } from '../../../shared/watchTypes.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { startHistoryServer, textRuns, waitForRevisions } from '../history/historyServer.ts'

// A private study group: Alice owns it and created "Strike"; Bob edits; Carol reads; Dave is
// outside. Revisions are cut when a writer leaves the page (the history feature's rule).
let server: TestServer
type Person = { id: string; username: string; token: string }
let alice: Person, bob: Person, carol: Person, dave: Person
let group: { spaceId: string; spaceSlug: string; pageId: string }

beforeAll(async () => {
  server = await startHistoryServer()
  ;[alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUpUser(server.url, n)))
  group = await createSpaceWithPage(server.url, alice.token, { title: 'Strike', visibility: 'private' })
  await grantRole(server.url, alice.token, group.spaceId, bob.username, 'editor')
  await grantRole(server.url, alice.token, group.spaceId, carol.username, 'viewer')
}, 60_000)

afterAll(async () => {
  await server?.close()
})

const call = <T = any>(who: Person | null, method: string, path: string, body?: unknown) =>
  api<T>(server.url, method, path, { token: who?.token ?? null, body })
const watchlist = async (who: Person) => {
  const answer = await call<ApiWatchedPage[]>(who, 'GET', '/api/watchlist')
  expect(answer.status).toBe(200)
  return answer.body
}
const entry = async (who: Person, pageId: string) => (await watchlist(who)).find((e) => e.pageId === pageId)

/** Writes a paragraph as `who` and leaves, so a revision is cut; waits for it. */
async function write(who: Person, pageId: string, text: string, revisions: number) {
  const p = await connectProvider(server.wsUrl, pageId, { token: who.token })
  appendParagraph(p.doc, text)
  await p.settled()
  p.destroy()
  return waitForRevisions(server.url, pageId, revisions, who.token)
}

describe('the watchlist', { timeout: 120_000 }, () => {
  it('lists a watched page another user changed since your last visit, who changed it and how much, with the diff from the revision you last saw', async () => {
    await write(alice, group.pageId, 'The strike began on 1 June.', 1)
    expect(await entry(alice, group.pageId)).toMatchObject({ via: 'auto', changedSince: false })

    expect((await call(carol, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: true })).body).toMatchObject({ watching: true, via: 'page' })
    const firstVisit = await call<ApiPageWatch>(carol, 'POST', `/api/pages/${group.pageId}/visit`)
    expect(firstVisit.status).toBe(200)
    expect(firstVisit.body).toMatchObject({ watching: true, changedSince: false })

    const [latest] = await write(bob, group.pageId, 'Workers marched.', 2)
    const seen = await entry(carol, group.pageId)
    expect(seen).toMatchObject({
      title: 'Strike', via: 'page', changedSince: true,
      changes: { revisions: 1, authors: [{ id: bob.id, username: bob.username }], charsAdded: 'Workers marched.'.length, wordsAdded: 2, seenRevision: { number: 1 } },
    })
    expect(seen!.changes.lastChangedAt).toBe(latest.createdAt)
    // The creator watches it too, and sees Bob's change; Bob's own edit is no change to him.
    expect(await entry(alice, group.pageId)).toMatchObject({ via: 'auto', changedSince: true, changes: { authors: [{ username: bob.username }] } })
    expect(await entry(bob, group.pageId)).toMatchObject({ via: 'auto', changedSince: false, changes: { revisions: 0, authors: [] } })

    // "Show changes since your last visit": the word-level diff from the revision Carol saw to now.
    const diff = await call(carol, 'GET', `/api/pages/${group.pageId}/diff?from=${seen!.changes.seenRevision!.id}`)
    expect(diff.status).toBe(200)
    const added = textRuns(diff.body.content).filter((r) => r.status === 'added')
    expect(added.map((r) => [r.text, r.author])).toEqual([['Workers marched.', bob.id]])

    // Leaving the page is a visit too.
    expect((await call(alice, 'POST', '/api/watchlist/visits', { pageId: group.pageId })).status).toBe(204)
    expect(await entry(alice, group.pageId)).toMatchObject({ changedSince: false })
    // Visiting answers what was new, then clears it.
    const again = await call<ApiPageWatch>(carol, 'POST', `/api/pages/${group.pageId}/visit`)
    expect(again.body).toMatchObject({ changedSince: true, changes: { revisions: 1 } })
    expect(await entry(carol, group.pageId)).toMatchObject({ changedSince: false })

    // One's own edits after a visit are no change to oneself.
    await call(alice, 'POST', `/api/pages/${group.pageId}/visit`)
    await write(alice, group.pageId, 'Prices had risen.', 3)
    expect(await entry(alice, group.pageId)).toMatchObject({ changedSince: false })
    expect(await entry(carol, group.pageId)).toMatchObject({ changedSince: true, changes: { authors: [{ username: alice.username }] } })
  })

  it('watches pages one creates or edits while the setting is on, and remembers a page one chose not to watch', async () => {
    const erin = await signUpUser(server.url, 'erin')
    expect((await call(erin, 'GET', '/api/watchlist/settings')).body).toEqual({ autoWatch: true, notifyChanges: false })
    const place = await createSpaceWithPage(server.url, erin.token, { title: 'Mine', visibility: 'private' })
    expect(await entry(erin, place.pageId)).toMatchObject({ via: 'auto' })

    expect((await call(erin, 'PUT', '/api/watchlist/settings', { autoWatch: false })).body).toEqual({ autoWatch: false, notifyChanges: false })
    expect(await entry(erin, place.pageId)).toBeUndefined()
    const later = await call(erin, 'POST', `/api/spaces/${place.spaceId}/pages`, { title: 'Later' })
    expect(await entry(erin, later.body.id)).toBeUndefined()
    await call(erin, 'PUT', '/api/watchlist/settings', { autoWatch: true })
    expect(await entry(erin, later.body.id)).toMatchObject({ via: 'auto' })

    // Bob edited Strike, so he watches it; unwatching sticks though he edits it again.
    expect((await call(bob, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: false })).body).toMatchObject({ watching: false, via: null })
    await write(bob, group.pageId, 'Shots were fired.', 4)
    expect(await entry(bob, group.pageId)).toBeUndefined()
    expect((await call(bob, 'GET', `/api/pages/${group.pageId}/watch`)).body).toMatchObject({ watching: false })
    expect((await call(erin, 'PUT', '/api/watchlist/settings', { autoWatch: 'yes' })).status).toBe(400)
  })

  it('lists the changed pages of a watched space, not its quiet ones', async () => {
    const frank = await signUpUser(server.url, 'frank')
    const open = await createSpaceWithPage(server.url, alice.token, { title: 'Open notes', visibility: 'public' })
    const quiet = await call(alice, 'POST', `/api/spaces/${open.spaceId}/pages`, { title: 'Quiet page' })
    expect((await call(frank, 'PUT', `/api/spaces/${open.spaceId}/watch`, { watching: true })).body).toEqual({ watching: true })
    expect((await call(frank, 'GET', `/api/spaces/${open.spaceId}/watch`)).body).toEqual({ watching: true })
    expect(await watchlist(frank)).toEqual([])
    await write(alice, open.pageId, 'A note anyone may read.', 1)
    const listed = await watchlist(frank)
    expect(listed.map((e) => [e.title, e.via, e.changedSince])).toEqual([['Open notes', 'space', true]])
    expect(listed.some((e) => e.pageId === quiet.body.id)).toBe(false)
    // Not watching one page of a watched space keeps it off the list.
    await call(frank, 'PUT', `/api/pages/${open.pageId}/watch`, { watching: false })
    expect(await watchlist(frank)).toEqual([])
    await call(frank, 'PUT', `/api/spaces/${open.spaceId}/watch`, { watching: false })
    expect((await call(frank, 'GET', `/api/spaces/${open.spaceId}/watch`)).body).toEqual({ watching: false })
  })

  it('is private to its user and to what they may read: losing access drops the entry; outsiders and anonymous readers get nothing', async () => {
    expect(await entry(carol, group.pageId)).toBeDefined()
    expect((await call(alice, 'DELETE', `/api/spaces/${group.spaceId}/members/${carol.username}`)).status).toBe(204)
    expect(await entry(carol, group.pageId)).toBeUndefined()
    expect((await call(carol, 'GET', `/api/pages/${group.pageId}/watch`)).status).toBe(404)
    expect((await call(carol, 'POST', `/api/pages/${group.pageId}/visit`)).status).toBe(404)
    // Leaving a page one may no longer read is answered like any other leaving, and records nothing.
    expect((await call(carol, 'POST', '/api/watchlist/visits', { pageId: group.pageId })).status).toBe(204)
    expect((await call(carol, 'POST', '/api/watchlist/visits', { pageId: 'no-such-page' })).status).toBe(204)

    for (const [method, path, body] of [
      ['PUT', `/api/pages/${group.pageId}/watch`, { watching: true }],
      ['GET', `/api/pages/${group.pageId}/watch`, undefined],
      ['PUT', `/api/spaces/${group.spaceId}/watch`, { watching: true }],
      ['POST', `/api/pages/${group.pageId}/visit`, undefined],
    ] as const) {
      const answer = await call(dave, method, path, body)
      expect(answer.status).toBe(404)
      expect(JSON.stringify(answer.body)).not.toContain('Strike')
    }
    expect(await watchlist(dave)).toEqual([])
    expect((await call(null, 'GET', '/api/watchlist')).status).toBe(401)
    expect((await call(null, 'GET', '/api/watchlist/settings')).status).toBe(401)
    const open = await createSpaceWithPage(server.url, alice.token, { title: 'Public page', visibility: 'public' })
    expect((await call(null, 'PUT', `/api/pages/${open.pageId}/watch`, { watching: true })).status).toBe(401)
    expect((await call(null, 'POST', `/api/pages/${open.pageId}/visit`)).status).toBe(401)
    expect((await call(null, 'POST', '/api/watchlist/visits', { pageId: open.pageId })).status).toBe(401)
  })
})
