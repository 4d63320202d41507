import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { discussionWorld, removeMember, type DiscussionWorld } from './discussionWorld.ts'

let server: TestServer
let world: DiscussionWorld
let publicWorld: DiscussionWorld
const TEXT = ['The strike began at the Budyonny works on the morning of 1 June 1962.', 'Troops fired on the crowd in the square.']

beforeAll(async () => {
  server = await startTestServer()
  world = await discussionWorld(server, 'private', TEXT)
  publicWorld = await discussionWorld(server, 'public', TEXT)
  // The removed member opens a thread while a member, then loses the space.
  const before = await api(server.url, 'POST', `/api/pages/${world.pageId}/threads`, { token: world.removed.token, body: { body: 'Mine, before I left' } })
  expect(before.status).toBe(201)
  await removeMember(server, world)
}, 60_000)
afterAll(async () => server?.close())

type Who = 'anonymous' | 'outsider' | 'viewer' | 'editor' | 'owner' | 'removed'
const everyone: Who[] = ['anonymous', 'outsider', 'viewer', 'editor', 'owner', 'removed']
const tokenOf = (w: DiscussionWorld, who: Who) => (who === 'anonymous' ? null : w[who].token)

async function openThread(w: DiscussionWorld, who: Who, body: Record<string, unknown> = { body: 'Source?', quote: 'Budyonny works' }) {
  return api(server.url, 'POST', `/api/pages/${w.pageId}/threads`, { token: tokenOf(w, who), body })
}

describe('who may read and write threads, in a private space', () => {
  it('lists threads to members only; everyone else gets 404 and learns nothing', async () => {
    const seen: Record<string, number> = {}
    for (const who of everyone) seen[who] = (await api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token: tokenOf(world, who) })).status
    expect(seen).toEqual({ anonymous: 404, outsider: 404, viewer: 200, editor: 200, owner: 200, removed: 404 })
  })

  it('lets every member open a thread, viewers included; others get 404', async () => {
    const seen: Record<string, number> = {}
    for (const who of everyone) seen[who] = (await openThread(world, who)).status
    expect(seen).toEqual({ anonymous: 404, outsider: 404, viewer: 201, editor: 201, owner: 201, removed: 404 })
  })

  it('lets every member reply; others get 404', async () => {
    const thread = await openThread(world, 'owner')
    const seen: Record<string, number> = {}
    for (const who of everyone) {
      seen[who] = (await api(server.url, 'POST', `/api/threads/${thread.body.id}/comments`, { token: tokenOf(world, who), body: { body: `From ${who}` } })).status
    }
    expect(seen).toEqual({ anonymous: 404, outsider: 404, viewer: 201, editor: 201, owner: 201, removed: 404 })
  })

  it('lets editors and the thread’s author resolve and reopen it, not another viewer', async () => {
    const thread = await openThread(world, 'viewer')
    const status = (who: Who, s: 'open' | 'resolved') => api(server.url, 'PUT', `/api/threads/${thread.body.id}/status`, { token: tokenOf(world, who), body: { status: s } }).then((a) => a.status)
    const second = await signUpUserAsViewer()
    expect(await api(server.url, 'PUT', `/api/threads/${thread.body.id}/status`, { token: second, body: { status: 'resolved' } }).then((a) => a.status)).toBe(403)
    expect(await status('anonymous', 'resolved')).toBe(404)
    expect(await status('outsider', 'resolved')).toBe(404)
    expect(await status('removed', 'resolved')).toBe(404)
    expect(await status('viewer', 'resolved')).toBe(204)
    expect(await status('editor', 'open')).toBe(204)
    expect(await status('owner', 'resolved')).toBe(204)
    const listed = await api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token: world.viewer.token })
    expect(listed.body.find((t: { id: string }) => t.id === thread.body.id).status).toBe('resolved')
  })

  it('lets only a comment’s author edit it; its author or an owner delete it', async () => {
    const thread = await openThread(world, 'viewer')
    const commentId = thread.body.comments[0].id
    const edit = (who: Who) => api(server.url, 'PATCH', `/api/comments/${commentId}`, { token: tokenOf(world, who), body: { body: `Edited by ${who}` } }).then((a) => a.status)
    expect({ anonymous: await edit('anonymous'), outsider: await edit('outsider'), removed: await edit('removed'), editor: await edit('editor'), owner: await edit('owner'), viewer: await edit('viewer') })
      .toEqual({ anonymous: 404, outsider: 404, removed: 404, editor: 403, owner: 403, viewer: 200 })
    const remove = (who: Who, id = commentId) => api(server.url, 'DELETE', `/api/comments/${id}`, { token: tokenOf(world, who) }).then((a) => a.status)
    expect(await remove('anonymous')).toBe(404)
    expect(await remove('outsider')).toBe(404)
    expect(await remove('editor')).toBe(403)
    expect(await remove('owner')).toBe(204)
    const other = await openThread(world, 'editor')
    expect(await remove('editor', other.body.comments[0].id)).toBe(204)
  })

  it('keeps the removed member’s own thread out of their reach', async () => {
    const listed = await api(server.url, 'GET', `/api/pages/${world.pageId}/threads`, { token: world.owner.token })
    const theirs = listed.body.find((t: { comments: { body: string }[] }) => t.comments[0]?.body === 'Mine, before I left')
    expect(theirs).toBeDefined()
    expect((await api(server.url, 'PUT', `/api/threads/${theirs.id}/status`, { token: world.removed.token, body: { status: 'resolved' } })).status).toBe(404)
    expect((await api(server.url, 'PATCH', `/api/comments/${theirs.comments[0].id}`, { token: world.removed.token, body: { body: 'x' } })).status).toBe(404)
  })
})

describe('who may read and write threads, in a public space', () => {
  it('shows threads to anyone, lets members write, asks anonymous readers to sign in and signed-in readers to join', async () => {
    expect((await openThread(publicWorld, 'viewer')).status).toBe(201)
    for (const who of everyone) expect((await api(server.url, 'GET', `/api/pages/${publicWorld.pageId}/threads`, { token: tokenOf(publicWorld, who) })).status, who).toBe(200)
    expect((await openThread(publicWorld, 'anonymous')).status).toBe(401)
    const outsider = await openThread(publicWorld, 'outsider')
    expect(outsider.status).toBe(403)
    expect(outsider.body.error.message).toMatch(/join/u)
  })

  it('lets only members reply, resolve or edit there: anonymous readers get 401, signed-in readers 403', async () => {
    const thread = await openThread(publicWorld, 'viewer')
    for (const [who, want] of [['anonymous', 401], ['outsider', 403], ['removed', 201]] as const) {
      const reply = await api(server.url, 'POST', `/api/threads/${thread.body.id}/comments`, { token: tokenOf(publicWorld, who), body: { body: `From ${who}` } })
      expect(reply.status, who).toBe(want)
    }
    for (const [who, want] of [['anonymous', 401], ['outsider', 403]] as const) {
      const status = await api(server.url, 'PUT', `/api/threads/${thread.body.id}/status`, { token: tokenOf(publicWorld, who), body: { status: 'resolved' } })
      expect(status.status, who).toBe(want)
      const edit = await api(server.url, 'PATCH', `/api/comments/${thread.body.comments[0].id}`, { token: tokenOf(publicWorld, who), body: { body: 'mine now' } })
      expect(edit.status, who).toBe(want)
    }
  })
})

describe('the inbox routes', () => {
  it('answer 401 to anonymous callers', async () => {
    for (const [method, path] of [['GET', '/api/notifications'], ['GET', '/api/notifications/unread'], ['POST', '/api/notifications/read'], ['GET', '/api/notifications/events']] as const) {
      expect((await api(server.url, method, path)).status, path).toBe(401)
    }
  })

  it('will not mark someone else’s notification read', async () => {
    await openThread(world, 'editor', { body: `@${world.viewer.username} look` })
    const inbox = await api(server.url, 'GET', '/api/notifications', { token: world.viewer.token })
    expect(inbox.body.length).toBeGreaterThan(0)
    expect((await api(server.url, 'POST', `/api/notifications/${inbox.body[0].id}/read`, { token: world.editor.token })).status).toBe(404)
    expect((await api(server.url, 'POST', `/api/notifications/${inbox.body[0].id}/read`, { token: world.viewer.token })).status).toBe(204)
  })
})

let extraViewers = 0
async function signUpUserAsViewer(): Promise<string> {
  extraViewers += 1
  const user = await signUpUser(server.url, `second${extraViewers}`)
  await api(server.url, 'PUT', `/api/spaces/${world.spaceId}/members/${user.username}`, { token: world.owner.token, body: { role: 'viewer' } })
  return user.token
}
