import { HocuspocusProvider } from '@hocuspocus/provider'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { findSession } from '../../../server/accounts/sessionQueries.ts'
import { api } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { storedText, watchCollab } from './collabWatch.ts'
import { createRoleSpace, must, setUpSpaceRoles, type SpaceRoles } from './spaceRoles.ts'

let server: TestServer
let roles: SpaceRoles
const open: TestProvider[] = []

async function connect(pageId: string, token?: string | null): Promise<TestProvider> {
  const provider = await connectProvider(server.wsUrl, pageId, token ? { token } : {})
  open.push(provider)
  return provider
}

/** The owner writes a line on the page and waits until the server has stored it. */
async function ownerWrites(pageId: string, text: string): Promise<TestProvider> {
  const owner = await connect(pageId, roles.users.owner.token)
  appendParagraph(owner.doc, text)
  await owner.settled()
  return owner
}

async function stored(pageId: string): Promise<string> {
  await server.palimpsest.services.hocuspocus.flushPendingStores()
  return storedText(server.palimpsest.services.db, pageId)
}

async function boundClientIds(pageId: string): Promise<number[]> {
  const rows = await server.palimpsest.services.db.query<{ clientId: number }>('SELECT client_id AS "clientId" FROM page_clients WHERE page_id = $1', [pageId])
  return rows.map((row) => Number(row.clientId))
}

beforeAll(async () => {
  server = await startTestServer()
  roles = await setUpSpaceRoles(server.url)
})
afterEach(() => {
  for (const provider of open.splice(0)) provider.destroy()
})
afterAll(() => server.close())

describe('access over the collaboration websocket', () => {
  it.each([
    ['a viewer of a private space', 'private', 'viewer'],
    ['an anonymous reader of a public space', 'public', 'anonymous'],
  ] as const)('%s gets a read-only connection whose updates are refused (sync status false) and never stored', async (_, visibility, knocker) => {
    const { pageId } = roles.spaces[visibility]
    const owner = await ownerWrites(pageId, `Owner line for the ${knocker}.`)
    const reader = await connect(pageId, roles.token(knocker))
    expect(reader.provider.authorizedScope).toBe('readonly')
    await waitFor(() => docText(reader.doc).includes(`Owner line for the ${knocker}.`), 'the reader to see the page')

    const watch = watchCollab(reader.provider)
    appendParagraph(reader.doc, `Smuggled in by the ${knocker}.`)
    await waitFor(() => watch.syncStatuses.includes(false), 'the server to refuse the update')
    expect(reader.provider.unsyncedChanges).toBeGreaterThan(0)

    appendParagraph(owner.doc, `Later owner line for the ${knocker}.`)
    await owner.settled()
    await waitFor(() => docText(reader.doc).includes(`Later owner line for the ${knocker}.`), 'the reader to keep receiving changes')
    expect(docText(owner.doc)).not.toContain('Smuggled')
    const text = await stored(pageId)
    expect(text).toContain(`Later owner line for the ${knocker}.`)
    expect(text).not.toContain('Smuggled')
    expect(await boundClientIds(pageId)).not.toContain(reader.doc.clientID)
  })

  it.each([
    ['an outsider', (): string | null => roles.users.outsider.token, 'not-found'],
    ['an anonymous visitor', (): string | null => null, 'not-found'],
    ['a made-up token', (): string | null => 'not-a-session-token', 'session-ended'],
  ] as const)('%s cannot load a private page, and the server does not even load it', async (_, token, reason) => {
    const { pageId } = roles.spaces.private
    const owner = await ownerWrites(pageId, 'Private minutes of the meeting.')
    owner.destroy()
    const { hocuspocus } = server.palimpsest.services
    await waitFor(() => !hocuspocus.documents.has(pageId), 'the page to be unloaded')

    const stranger = await connect(pageId, token())
    expect(stranger.authFailures).toEqual([reason])
    expect(stranger.provider.isSynced).toBe(false)
    expect(docText(stranger.doc)).toBe('')
    expect(hocuspocus.documents.has(pageId)).toBe(false)
  })

  it('an editor removed from a private space is cut off from the page, and their next edit on the same connection is never applied or stored', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Removal drill')
    const owner = await ownerWrites(space.pageId, 'The owner was here.')
    const editor = await connect(space.pageId, roles.users.editor.token)
    const watch = watchCollab(editor.provider)
    appendParagraph(editor.doc, 'Written while a member.')
    await editor.settled()

    await must(server.url, 204, 'DELETE', `/api/spaces/${space.id}/members/${roles.users.editor.username}`, { token: roles.users.owner.token })
    await waitFor(() => watch.closeReasons.includes('access-changed'), 'the server to close the page for the removed editor')
    appendParagraph(editor.doc, 'Written after removal.')

    // A page opened afterwards on the same socket syncs only once the server has taken every earlier frame.
    const later = new HocuspocusProvider({ websocketProvider: editor.socket, name: roles.spaces.public.pageId, token: roles.users.editor.token })
    later.attach()
    try {
      await waitFor(() => later.isSynced, 'a later page on the same socket to sync')
    } finally {
      later.destroy()
    }
    expect(editor.provider.unsyncedChanges).toBeGreaterThan(0)
    expect(docText(owner.doc)).toContain('Written while a member.')
    expect(docText(owner.doc)).not.toContain('Written after removal.')
    const text = await stored(space.pageId)
    expect(text).toContain('Written while a member.')
    expect(text).not.toContain('Written after removal.')
  })

  it('an editor removed from a public space keeps reading, but read-only: their next edit is refused and never stored', async () => {
    const space = await createRoleSpace(server.url, 'public', roles.users, 'Public removal drill')
    const owner = await ownerWrites(space.pageId, 'Public owner line.')
    const editor = await connect(space.pageId, roles.users.editor.token)
    const watch = watchCollab(editor.provider)

    await must(server.url, 204, 'DELETE', `/api/spaces/${space.id}/members/${roles.users.editor.username}`, { token: roles.users.owner.token })
    await waitFor(() => watch.notices.length > 0, 'the server to say the connection turned read-only')
    expect(watch.notices).toEqual([{ type: 'access', readOnly: true }])
    appendParagraph(editor.doc, 'Edit by a former editor.')
    await waitFor(() => watch.syncStatuses.includes(false), 'the server to refuse the edit')

    appendParagraph(owner.doc, 'Owner keeps writing.')
    await owner.settled()
    await waitFor(() => docText(editor.doc).includes('Owner keeps writing.'), 'the former editor to keep reading')
    expect(watch.closeReasons).toEqual([])
    expect(await stored(space.pageId)).not.toContain('Edit by a former editor.')
  })

  it('lowering an editor to viewer makes their open connection read-only at once', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Demotion drill')
    await ownerWrites(space.pageId, 'Demotion drill page.')
    const editor = await connect(space.pageId, roles.users.editor.token)
    expect(editor.provider.authorizedScope).toBe('read-write')
    const watch = watchCollab(editor.provider)
    appendParagraph(editor.doc, 'Accepted while an editor.')
    await editor.settled()

    await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${roles.users.editor.username}`, { token: roles.users.owner.token, body: { role: 'viewer' } })
    await waitFor(() => watch.notices.length > 0, 'the server to say the connection turned read-only')
    expect(watch.notices).toEqual([{ type: 'access', readOnly: true }])
    appendParagraph(editor.doc, 'Refused once a viewer.')
    await waitFor(() => watch.syncStatuses.includes(false), 'the server to refuse the edit')

    const text = await stored(space.pageId)
    expect(text).toContain('Accepted while an editor.')
    expect(text).not.toContain('Refused once a viewer.')
  })

  it('raising a viewer to editor makes their open connection writable at once', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Promotion drill')
    await ownerWrites(space.pageId, 'Promotion drill page.')
    const viewer = await connect(space.pageId, roles.users.viewer.token)
    expect(viewer.provider.authorizedScope).toBe('readonly')
    const watch = watchCollab(viewer.provider)

    await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${roles.users.viewer.username}`, { token: roles.users.owner.token, body: { role: 'editor' } })
    await waitFor(() => watch.notices.length > 0, 'the server to say the connection is writable')
    expect(watch.notices).toEqual([{ type: 'access', readOnly: false }])
    appendParagraph(viewer.doc, 'Written by the promoted viewer.')
    await viewer.settled()
    expect(watch.syncStatuses).not.toContain(false)
    expect(await stored(space.pageId)).toContain('Written by the promoted viewer.')
  })

  it('turning a public space private disconnects its anonymous readers and outsiders at once, and keeps its members connected', async () => {
    const space = await createRoleSpace(server.url, 'public', roles.users, 'Going private')
    const owner = await ownerWrites(space.pageId, 'Still public.')
    const anonymous = await connect(space.pageId)
    const outsider = await connect(space.pageId, roles.users.outsider.token)
    const viewer = await connect(space.pageId, roles.users.viewer.token)
    const watches = [anonymous, outsider, viewer].map((reader) => watchCollab(reader.provider))

    await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { visibility: 'private' } })
    await waitFor(() => watches[0].closeReasons.length > 0 && watches[1].closeReasons.length > 0, 'the server to close the page for non-members')
    expect(watches.slice(0, 2).map((watch) => watch.closeReasons)).toEqual([['access-changed'], ['access-changed']])

    appendParagraph(owner.doc, 'Now private.')
    await owner.settled()
    await waitFor(() => docText(viewer.doc).includes('Now private.'), 'the viewer to keep reading')
    expect(docText(anonymous.doc)).not.toContain('Now private.')
    expect(watches[2].closeReasons).toEqual([])
  })

  it('signing out closes the connections opened with that session only, and its token opens no page afterwards', async () => {
    const { pageId } = roles.spaces.private
    const { username } = roles.users.editor
    const first = await must(server.url, 200, 'POST', '/api/auth/login', { body: { username, password: 'correct horse battery' } })
    const second = await must(server.url, 200, 'POST', '/api/auth/login', { body: { username, password: 'correct horse battery' } })
    const signingOut = await connect(pageId, first.body.token)
    const staying = await connect(pageId, second.body.token)
    const watches = [watchCollab(signingOut.provider), watchCollab(staying.provider)]

    await must(server.url, 204, 'POST', '/api/auth/logout', { token: first.body.token })
    await waitFor(() => watches[0].closeReasons.length > 0, 'the signed-out connection to close')
    expect(watches[0].closeReasons).toEqual(['session-ended'])
    appendParagraph(staying.doc, 'The other session still writes.')
    await staying.settled()
    expect(watches[1].closeReasons).toEqual([])

    const again = await connect(pageId, first.body.token)
    expect(again.authFailures).toEqual(['session-ended'])
  })

  it('a connection whose session expires while it is open is closed at its next message, which is never stored', async () => {
    const { pageId } = roles.spaces.private
    const { username } = roles.users.editor
    const { db } = server.palimpsest.services
    const session = await must(server.url, 200, 'POST', '/api/auth/login', { body: { username, password: 'correct horse battery' } })
    const { sessionId } = (await findSession(db, session.body.token))!
    const [{ expiresAt }] = await db.query<{ expiresAt: Date }>("UPDATE sessions SET expires_at = now() + interval '4 seconds' WHERE id = $1 RETURNING expires_at AS \"expiresAt\"", [sessionId])
    const editor = await connect(pageId, session.body.token)
    expect(editor.provider.authorizedScope).toBe('read-write')
    const watch = watchCollab(editor.provider)

    await waitFor(() => Date.now() > new Date(expiresAt).getTime() + 50, 'the session to expire')
    appendParagraph(editor.doc, 'Written after the session expired.')
    await waitFor(() => watch.closeReasons.length > 0, 'the server to close the expired connection')
    expect(watch.closeReasons).toEqual(['session-ended'])
    expect(await stored(pageId)).not.toContain('Written after the session expired.')
  })

  it('an expired session opens no page, while the same user signed in again does', async () => {
    const { pageId } = roles.spaces.private
    const { username } = roles.users.viewer
    const { db } = server.palimpsest.services
    const session = await must(server.url, 200, 'POST', '/api/auth/login', { body: { username, password: 'correct horse battery' } })
    const { sessionId } = (await findSession(db, session.body.token))!
    await db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [sessionId])
    const expired = await connect(pageId, session.body.token)
    expect(expired.authFailures).toEqual(['session-ended'])

    const fresh = await must(server.url, 200, 'POST', '/api/auth/login', { body: { username, password: 'correct horse battery' } })
    const reader = await connect(pageId, fresh.body.token)
    expect(reader.provider.authorizedScope).toBe('readonly')
    expect((await api(server.url, 'GET', '/api/auth/me', { token: session.body.token })).status).toBe(401)
  })
})
