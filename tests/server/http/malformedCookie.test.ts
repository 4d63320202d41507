import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let place: { spaceId: string; pageId: string }
let owner: { token: string; username: string }

// Cookie headers a broken or hostile client may send: a cut percent escape, bad quoting, control characters, no name.
const MALFORMED = [
  'palimpsest_session=%E0%A4%A',
  'palimpsest_session="abc',
  'palimpsest_session=a"b"c; theme=%',
  'palimpsest_session=%00%ZZ',
  '=; ;;palimpsest_session',
  'palimpsest_session=a\\b%',
]

/** A WebSocket class that sends a Cookie header, for the provider's WebSocketPolyfill. */
function socketWithCookie(cookie: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, { protocols, headers: { cookie } } as unknown as string[])
    }
  }
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  place = await createSpaceWithPage(server.url, owner.token, { visibility: 'public', title: 'Open page' })
})
afterAll(() => server.close())

describe('a malformed Cookie header', () => {
  it.each(MALFORMED)('%j: routes answer as to an anonymous reader', async (cookie) => {
    const spaces = await api(server.url, 'GET', '/api/spaces', { headers: { cookie } })
    expect(spaces.status).toBe(200)
    expect(spaces.body.map((s: { id: string }) => s.id)).toContain(place.spaceId)
    expect((await api(server.url, 'GET', `/api/pages/${place.pageId}`, { headers: { cookie } })).status).toBe(200)
    expect((await api(server.url, 'GET', '/api/auth/me', { headers: { cookie } })).status).toBe(401)
    const write = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: server.url }, body: { title: 'Planted' } })
    expect(write.status).toBe(401)
  })

  it('a request whose headers exceed Node\'s limit gets a 431 in the API\'s error format, not a bare status line', async () => {
    const response = await fetch(`${server.url}/api/spaces`, { headers: { cookie: `palimpsest_session=${'x'.repeat(20_000)}` } })
    expect(response.status).toBe(431)
    expect(await response.json()).toMatchObject({ error: { id: 'headers_too_large' } })
  })

  it('beside a good session cookie, another malformed cookie does not sign the user out', async () => {
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: owner.username, password: 'correct horse battery' } })
    const session = login.headers.getSetCookie()[0].split(';')[0]
    const me = await api(server.url, 'GET', '/api/auth/me', { headers: { cookie: `theme=%E0%A4%A; ${session}; x="y` } })
    expect(me).toMatchObject({ status: 200, body: { user: { username: owner.username } } })
  })

  it('on the websocket, the connection opens as an anonymous reader', async () => {
    const doc = new Y.Doc()
    const socket = new HocuspocusProviderWebsocket({ url: server.wsUrl, WebSocketPolyfill: socketWithCookie(MALFORMED[0]) })
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: place.pageId, document: doc, token: 'cookie' })
    provider.attach()
    try {
      await waitFor(() => provider.isSynced, 'the provider to sync')
      expect(provider.authorizedScope).toBe('readonly')
    } finally {
      provider.destroy()
      socket.destroy()
    }
  })
})
