import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiNotification } from '../../../shared/discussionApi.ts'
import { api, createSpaceWithPage, grantRole, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { startHistoryServer, waitForRevisions } from '../history/historyServer.ts'

// A private study group: Alice owns it and created "Strike"; Bob edits; Carol and Erin read.
// Erin watches the page with inbox notices on from the start: once her entry about a revision
// is there, every watcher's entry about it is (they are written in one statement), so the
// tests can check that others got none without waiting on a clock.
let server: TestServer
type Person = { id: string; username: string; token: string }
let alice: Person, bob: Person, carol: Person, erin: Person
let group: { spaceId: string; spaceSlug: string; pageId: string }
let revisionCount = 0

beforeAll(async () => {
  server = await startHistoryServer()
  ;[alice, bob, carol, erin] = await Promise.all(['alice', 'bob', 'carol', 'erin'].map((n) => signUpUser(server.url, n)))
  group = await createSpaceWithPage(server.url, alice.token, { title: 'Strike', visibility: 'private' })
  await grantRole(server.url, alice.token, group.spaceId, bob.username, 'editor')
  await grantRole(server.url, alice.token, group.spaceId, carol.username, 'viewer')
  await grantRole(server.url, alice.token, group.spaceId, erin.username, 'viewer')
  await call(erin, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: true })
  await call(erin, 'PUT', '/api/watchlist/settings', { notifyChanges: true })
}, 60_000)

afterAll(async () => {
  await server?.close()
})

const call = <T = any>(who: Person | null, method: string, path: string, body?: unknown) =>
  api<T>(server.url, method, path, { token: who?.token ?? null, body })
const changes = async (who: Person) => {
  const answer = await call<ApiNotification[]>(who, 'GET', '/api/notifications')
  expect(answer.status).toBe(200)
  return answer.body.filter((n) => n.kind === 'changed')
}
const unread = async (who: Person) => (await call<{ unread: number }>(who, 'GET', '/api/notifications/unread')).body.unread

/** Writes `paragraphs` as `who`, one update each (keystrokes of one burst), and leaves: one revision is cut. Resolves to its id. */
async function burst(who: Person, pageId: string, paragraphs: string[]): Promise<string> {
  const p = await connectProvider(server.wsUrl, pageId, { token: who.token })
  for (const text of paragraphs) {
    appendParagraph(p.doc, text)
    await p.settled()
  }
  p.destroy()
  revisionCount += 1
  const [latest] = await waitForRevisions(server.url, pageId, revisionCount, who.token)
  return latest!.id
}

/** Waits until Erin's inbox entry about the page is about `revisionId` (so every watcher's is). */
const erinHeardOf = (revisionId: string) =>
  waitFor(async () => (await changes(erin)).find((n) => n.pageId === group.pageId && n.revisionId === revisionId), 'Erin’s inbox entry about the revision', 30_000)

describe('changes to watched pages in the notification inbox', { timeout: 120_000 }, () => {
  it('is off by default; turned on, an editing burst of someone else is one entry, later bursts update it until it is read, and a visit reads it', async () => {
    expect((await call(carol, 'GET', '/api/watchlist/settings')).body).toEqual({ autoWatch: true, notifyChanges: false })
    // Saving the other setting leaves notices off.
    expect((await call(carol, 'PUT', '/api/watchlist/settings', { autoWatch: true })).body).toEqual({ autoWatch: true, notifyChanges: false })
    await call(carol, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: true })

    // Many updates, one burst: one revision, one entry.
    const first = await burst(bob, group.pageId, ['The strike', 'began on', '1 June 1962.'])
    expect(await erinHeardOf(first)).toMatchObject({
      kind: 'changed', read: false, pageTitle: 'Strike', actor: bob.username, threadId: null, revisions: 1,
    })
    expect(await changes(erin)).toHaveLength(1)
    // Carol watches the page but did not turn notices on; Alice (its creator) neither.
    expect(await changes(carol)).toEqual([])
    expect(await changes(alice)).toEqual([])

    expect((await call(carol, 'PUT', '/api/watchlist/settings', { notifyChanges: true })).body).toEqual({ autoWatch: true, notifyChanges: true })
    expect((await call(carol, 'GET', '/api/watchlist/settings')).body).toEqual({ autoWatch: true, notifyChanges: true })
    // Bob watches the page because he edited it, and asks for notices: his own burst is no news to him.
    await call(bob, 'PUT', '/api/watchlist/settings', { notifyChanges: true })
    const second = await burst(bob, group.pageId, ['Workers marched to the city.'])
    await erinHeardOf(second)
    expect(await changes(erin)).toMatchObject([{ revisionId: second, revisions: 2, read: false }])
    expect(await changes(carol)).toMatchObject([{ revisionId: second, revisions: 1, actor: bob.username }])
    expect(await changes(bob)).toEqual([])

    // Alice's burst reaches Bob, who watches what he edited.
    const third = await burst(alice, group.pageId, ['Troops were called in.'])
    await erinHeardOf(third)
    expect(await changes(bob)).toMatchObject([{ revisionId: third, actor: alice.username }])
    expect(await changes(alice)).toEqual([])

    // Looking at the page reads its entry; the next change is a new one.
    const before = await unread(carol)
    expect((await call(carol, 'POST', `/api/pages/${group.pageId}/visit`)).status).toBe(200)
    expect(await changes(carol)).toMatchObject([{ read: true }])
    expect(await unread(carol)).toBe(before - 1)
    const fourth = await burst(bob, group.pageId, ['Shots were fired.'])
    await erinHeardOf(fourth)
    expect((await changes(carol)).map((n) => [n.revisionId === fourth, n.read])).toEqual([[true, false], [false, true]])
  })

  it('tells no one who chose not to watch the page, nor an editor whose auto-watching is off', async () => {
    const grace = await signUpUser(server.url, 'grace')
    await grantRole(server.url, alice.token, group.spaceId, grace.username, 'editor')
    await call(grace, 'PUT', `/api/spaces/${group.spaceId}/watch`, { watching: true })
    await call(grace, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: false })
    await call(grace, 'PUT', '/api/watchlist/settings', { notifyChanges: true })
    // Bob edited the page but turns auto-watching off: it is no longer on his watchlist.
    await call(bob, 'POST', '/api/notifications/read')
    await call(bob, 'PUT', '/api/watchlist/settings', { autoWatch: false })
    const revision = await burst(alice, group.pageId, ['Prices had risen.'])
    await erinHeardOf(revision)
    expect(await changes(grace)).toEqual([])
    expect((await changes(bob)).filter((n) => !n.read)).toEqual([])
    await call(bob, 'PUT', '/api/watchlist/settings', { autoWatch: true })
  })

  it('never tells a watcher who may no longer read the page, even after they are let back in; outsiders and anonymous callers get nothing', async () => {
    expect((await call(alice, 'DELETE', `/api/spaces/${group.spaceId}/members/${carol.username}`)).status).toBe(204)
    const revision = await burst(bob, group.pageId, ['The city was sealed off.'])
    await erinHeardOf(revision)
    expect(await changes(carol)).toEqual([])
    // Had an entry been written while she was out, it would show again now.
    await grantRole(server.url, alice.token, group.spaceId, carol.username, 'viewer')
    expect((await changes(carol)).filter((n) => n.revisionId === revision)).toEqual([])

    const dave = await signUpUser(server.url, 'dave')
    await call(dave, 'PUT', '/api/watchlist/settings', { notifyChanges: true })
    expect((await call(dave, 'PUT', `/api/pages/${group.pageId}/watch`, { watching: true })).status).toBe(404)
    expect((await call(dave, 'PUT', `/api/spaces/${group.spaceId}/watch`, { watching: true })).status).toBe(404)
    const later = await burst(bob, group.pageId, ['Nothing was reported.'])
    await erinHeardOf(later)
    expect(await changes(dave)).toEqual([])

    expect((await call(null, 'GET', '/api/watchlist/settings')).status).toBe(401)
    expect((await call(null, 'PUT', '/api/watchlist/settings', { notifyChanges: true })).status).toBe(401)
    for (const body of [{}, { notifyChanges: 'yes' }, { notifyChanges: true, userId: carol.id }]) {
      expect({ body, status: (await call(dave, 'PUT', '/api/watchlist/settings', body)).status }).toEqual({ body, status: 400 })
    }
    expect((await call(carol, 'GET', '/api/watchlist/settings')).body).toEqual({ autoWatch: true, notifyChanges: true })
  })

  it('tells a signed-in watcher of a public space who is no member of it', async () => {
    const frank = await signUpUser(server.url, 'frank')
    const open = await createSpaceWithPage(server.url, alice.token, { title: 'Open notes', visibility: 'public' })
    await call(frank, 'PUT', `/api/spaces/${open.spaceId}/watch`, { watching: true })
    await call(frank, 'PUT', '/api/watchlist/settings', { notifyChanges: true })
    const writer = await connectProvider(server.wsUrl, open.pageId, { token: alice.token })
    appendParagraph(writer.doc, 'A note anyone may read.')
    await writer.settled()
    writer.destroy()
    await waitForRevisions(server.url, open.pageId, 1, alice.token)
    expect(await waitFor(async () => (await changes(frank))[0], 'Frank’s inbox entry', 30_000))
      .toMatchObject({ pageId: open.pageId, pageTitle: 'Open notes', actor: alice.username })
  })
})
