import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { discussionWorld, removeMember, type DiscussionWorld, type User } from './discussionWorld.ts'

let server: TestServer
let world: DiscussionWorld

beforeAll(async () => {
  server = await startTestServer()
  world = await discussionWorld(server, 'private', ['The death toll was kept secret for thirty years.'])
}, 60_000)
afterAll(async () => server?.close())

const threads = (token = world.owner.token) => api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token }).then((a) => a.body as { id: string; comments: { body: string }[] }[])
const inbox = (user: User) => api(server.url, 'GET', '/api/notifications', { token: user.token }).then((a) => a.body as { id: string; kind: string; read: boolean; pageId: string; threadId: string; actor: string; snippet: string }[])
const unread = (user: User) => api(server.url, 'GET', '/api/notifications/unread', { token: user.token }).then((a) => a.body.unread as number)

describe('comment bodies', () => {
  it('refuses an empty, blank or oversized body with a clear 400 and stores nothing', async () => {
    const before = (await threads()).length
    for (const [body, message] of [['', /empty/u], ['   \n ', /empty/u], ['x'.repeat(10_001), /10,000/u]] as const) {
      const answer = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body } })
      expect(answer.status).toBe(400)
      expect(answer.body.error.message).toMatch(message)
    }
    expect((await threads()).length).toBe(before)
    const longest = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body: 'y'.repeat(10_000) } })
    expect(longest.status).toBe(201)
    const reply = await api(server.url, 'POST', `/api/threads/${longest.body.id}/comments`, { token: world.editor.token, body: { body: 'z'.repeat(10_001) } })
    expect(reply.status).toBe(400)
    const edit = await api(server.url, 'PATCH', `/api/comments/${longest.body.comments[0].id}`, { token: world.editor.token, body: { body: '' } })
    expect(edit.status).toBe(400)
  })

  it('refuses a mention of someone who is not a member, naming them, and stores nothing', async () => {
    const before = (await threads()).length
    const answer = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body: `Ask @${world.outsider.username} and @${world.viewer.username}` } })
    expect(answer.status).toBe(400)
    expect(answer.body.error.id).toBe('mention_not_member')
    expect(answer.body.error.message).toContain(`@${world.outsider.username}`)
    expect(answer.body.error.message).not.toContain(world.viewer.username)
    expect((await threads()).length).toBe(before)
    expect(await inbox(world.outsider)).toEqual([])
  })

  it('answers 404 to a reply in a deleted thread', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body: 'Soon gone' } })
    expect((await api(server.url, 'DELETE', `/api/comments/${opened.body.comments[0].id}`, { token: world.editor.token })).status).toBe(204)
    expect((await threads()).some((t) => t.id === opened.body.id)).toBe(false)
    const reply = await api(server.url, 'POST', `/api/threads/${opened.body.id}/comments`, { token: world.viewer.token, body: { body: 'Too late' } })
    expect(reply.status).toBe(404)
  })

  it('answers 404 on a page the caller cannot read, and for ids that are not ids', async () => {
    expect((await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.outsider.token, body: { body: 'hi' } })).status).toBe(404)
    expect((await api(server.url, 'POST', '/api/pages/not-a-page/threads', { token: world.owner.token, body: { body: 'hi' } })).status).toBe(404)
    expect((await api(server.url, 'POST', '/api/threads/not-a-thread/comments', { token: world.owner.token, body: { body: 'hi' } })).status).toBe(404)
  })
})

describe('the thread list of a page', () => {
  it('lists each thread with its comments as the routes that change them answer them', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body: 'Which archive?', quote: 'thirty years' } })
    expect(opened.status).toBe(201)
    const reply = await api(server.url, 'POST', `/api/threads/${opened.body.id}/comments`, { token: world.owner.token, body: { body: 'The regional one.' } })
    const edited = await api(server.url, 'PATCH', `/api/comments/${reply.body.id}`, { token: world.owner.token, body: { body: 'The regional archive.' } })
    expect(edited.status).toBe(200)
    expect((await api(server.url, 'PUT', `/api/threads/${opened.body.id}/status`, { token: world.editor.token, body: { status: 'resolved' } })).status).toBe(204)

    const listed = (await api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token })).body.find((t: { id: string }) => t.id === opened.body.id)
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u
    expect(listed).toEqual({
      id: opened.body.id,
      status: 'resolved',
      quote: 'thirty years',
      anchor: opened.body.anchor,
      author: { id: world.editor.id, username: world.editor.username },
      createdAt: expect.stringMatching(iso),
      resolvedAt: expect.stringMatching(iso),
      canResolve: false,
      comments: [opened.body.comments[0], edited.body],
    })
    // The comments as their own routes answered them: the same ids, authors, bodies and times.
    expect(edited.body).toMatchObject({ id: reply.body.id, author: { id: world.owner.id, username: world.owner.username }, createdAt: reply.body.createdAt, editedAt: expect.stringMatching(iso) })
    expect(Date.parse(listed.resolvedAt)).toBeGreaterThanOrEqual(Date.parse(listed.createdAt))
    // The anchor is the passage's pair of Yjs positions, in base64 on one line.
    expect(listed.anchor.start).toMatch(/^[A-Za-z0-9+/]+=*$/u)
  })
})

describe('the notification inbox', () => {
  it('tells mentioned members, then those who took part when someone replies, then the author when their thread is resolved', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, {
      token: world.viewer.token, body: { body: `Is this sourced, @${world.editor.username}?`, quote: 'kept secret' },
    })
    expect(opened.status).toBe(201)
    const mention = (await inbox(world.editor)).find((n) => n.threadId === opened.body.id)!
    expect(mention).toMatchObject({ kind: 'mention', read: false, pageId: world.pageId, actor: world.viewer.username })
    expect(mention.snippet).toContain('Is this sourced')
    expect((await inbox(world.viewer)).some((n) => n.threadId === opened.body.id)).toBe(false)

    const reply = await api(server.url, 'POST', `/api/threads/${opened.body.id}/comments`, { token: world.editor.token, body: { body: 'Yes: the 1992 prosecutor’s report.' } })
    expect(reply.status).toBe(201)
    expect((await inbox(world.viewer)).find((n) => n.threadId === opened.body.id)).toMatchObject({ kind: 'reply', actor: world.editor.username })
    // The owner never took part: nothing for them.
    expect((await inbox(world.owner)).some((n) => n.threadId === opened.body.id)).toBe(false)

    expect((await api(server.url, 'PUT', `/api/threads/${opened.body.id}/status`, { token: world.owner.token, body: { status: 'resolved' } })).status).toBe(204)
    const kinds = (await inbox(world.viewer)).filter((n) => n.threadId === opened.body.id).map((n) => n.kind)
    expect(kinds).toEqual(['resolved', 'reply'])

    expect(await unread(world.viewer)).toBeGreaterThanOrEqual(2)
    expect((await api(server.url, 'POST', '/api/notifications/read', { token: world.viewer.token })).status).toBe(204)
    expect(await unread(world.viewer)).toBe(0)
    expect((await inbox(world.viewer)).every((n) => n.read)).toBe(true)
  })

  it('removes a removed member’s notifications about the space’s pages', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.owner.token, body: { body: `@${world.removed.username} please check` } })
    expect(opened.status).toBe(201)
    expect((await inbox(world.removed)).length).toBe(1)
    await removeMember(server, world)
    expect(await inbox(world.removed)).toEqual([])
    expect(await unread(world.removed)).toBe(0)
    // The rows themselves go too (a listener of the membership change deletes them).
    await waitFor(async () => (await server.palimpsest.services.db.query('SELECT id FROM notifications WHERE user_id = $1', [world.removed.id])).length === 0, 'the rows to be deleted')
  })
})

describe('the thread events of a page', () => {
  it('list openings and resolutions for its readers only, without the comments’ text', async () => {
    const opened = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.editor.token, body: { body: 'A secret remark' } })
    await api(server.url, 'PUT', `/api/threads/${opened.body.id}/status`, { token: world.editor.token, body: { status: 'resolved' } })
    const events = await api(server.url, 'GET', `/api/pages/${world.pageId}/thread-events`, { token: world.viewer.token })
    expect(events.status).toBe(200)
    const mine = events.body.filter((e: { threadId: string }) => e.threadId === opened.body.id)
    expect(mine.map((e: { kind: string }) => e.kind)).toEqual(['resolved', 'opened'])
    expect(JSON.stringify(events.body)).not.toContain('A secret remark')
    expect((await api(server.url, 'GET', `/api/pages/${world.pageId}/thread-events`, { token: world.outsider.token })).status).toBe(404)
    expect((await api(server.url, 'GET', `/api/pages/${world.pageId}/thread-events`)).status).toBe(404)
  })
})
