import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const EVIL = 'https://evil.example'
let server: TestServer
let user: { id: string; username: string; token: string }
let cookie: string
let place: { spaceId: string; pageId: string }

/** How a websocket upgrade with these headers ends: 'open' (101), or the HTTP status it was refused with. */
function upgrade(headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(server.wsUrl.replace(/^ws/u, 'http'), {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), ...headers },
    })
    request.once('upgrade', (_, socket) => { socket.destroy(); resolve('open') })
    request.once('response', (response) => { response.resume(); resolve(response.statusCode ?? 0) })
    request.once('error', reject)
    request.end()
  })
}

/** A WebSocket class sending a browser's headers (Origin, Cookie), for the provider's WebSocketPolyfill. */
function browserSocket(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      // Node's WebSocket (undici) also takes `{ protocols, headers }`, which the DOM typings do not know.
      super(url, { protocols, headers } as unknown as string[])
    }
  }
}

async function pageTitles(): Promise<string[]> {
  const list = await api(server.url, 'GET', `/api/spaces/${place.spaceId}/pages`, { token: user.token })
  return list.body.map((page: { title: string }) => page.title)
}

beforeAll(async () => {
  server = await startTestServer()
  user = await signUpUser(server.url, 'anna')
  const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: 'correct horse battery' } })
  cookie = login.headers.getSetCookie()[0].split(';')[0]
  place = await createSpaceWithPage(server.url, user.token, { visibility: 'private', title: 'Minutes' })
})
afterAll(() => server.close())

describe('cross-site requests', () => {
  it('refuses a websocket upgrade from another site, with or without the session cookie', async () => {
    expect(await upgrade({ origin: EVIL, cookie })).toBe(403)
    expect(await upgrade({ origin: EVIL })).toBe(403)
    expect(await upgrade({ origin: 'null', cookie })).toBe(403)
  })

  it('accepts a websocket upgrade from our own site, and from scripts that send no Origin', async () => {
    expect(await upgrade({ origin: server.url, cookie })).toBe('open')
    expect(await upgrade({})).toBe('open')
  })

  it('refuses a websocket upgrade from our host name under the other scheme', async () => {
    const https = server.url.replace(/^http:/u, 'https:')
    expect(await upgrade({ origin: https, cookie })).toBe(403)
    // Behind a TLS proxy on this machine (X-Forwarded-Proto: https), the plain-HTTP page is the stranger.
    expect(await upgrade({ origin: server.url, cookie, 'x-forwarded-proto': 'https' })).toBe(403)
    expect(await upgrade({ origin: https, cookie, 'x-forwarded-proto': 'https' })).toBe('open')
  })

  it('a same-site websocket with the session cookie edits as that user, and the edit is stored and attributed to them', async () => {
    const doc = new Y.Doc()
    const socket = new HocuspocusProviderWebsocket({ url: server.wsUrl, WebSocketPolyfill: browserSocket({ origin: server.url, cookie }) })
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: place.pageId, document: doc, token: 'cookie' })
    provider.attach()
    try {
      await waitFor(() => provider.isSynced, 'the cookie-authenticated provider to sync')
      expect(provider.authorizedScope).toBe('read-write')
      appendParagraph(doc, 'Written through the cookie.')
      await waitFor(() => provider.unsyncedChanges === 0, 'the edit to be acknowledged')
      const owners = await server.palimpsest.services.db.query<{ userId: string }>(
        'SELECT user_id AS "userId" FROM page_clients WHERE page_id = $1 AND client_id = $2', [place.pageId, doc.clientID])
      expect(owners).toEqual([{ userId: user.id }])
    } finally {
      provider.destroy()
      socket.destroy()
    }
  })

  it('refuses a cross-site POST, PATCH or DELETE that carries the session cookie, and changes nothing', async () => {
    const before = await pageTitles()
    const attempts = [
      api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: EVIL }, body: { title: 'Planted page' } }),
      api(server.url, 'PATCH', `/api/pages/${place.pageId}`, { headers: { cookie, origin: EVIL }, body: { title: 'Defaced' } }),
      api(server.url, 'DELETE', `/api/pages/${place.pageId}`, { headers: { cookie, origin: EVIL } }),
      // A form post that a browser sends without an Origin of ours: no Origin at all is refused too when a cookie rides along.
      api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, 'content-type': 'text/plain' }, rawBody: '{"title":"Planted page"}' }),
    ]
    for (const answer of await Promise.all(attempts)) {
      expect(answer).toMatchObject({ status: 403, body: { error: { id: 'cross_origin' } } })
    }
    expect(await pageTitles()).toEqual(before)
  })

  it('refuses a POST with the session cookie from our host name under the other scheme, and changes nothing', async () => {
    const before = await pageTitles()
    const https = server.url.replace(/^http:/u, 'https:')
    const plainToTls = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: https }, body: { title: 'Planted page' } })
    const tlsToPlain = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: server.url, 'x-forwarded-proto': 'https' }, body: { title: 'Planted page' } })
    for (const answer of [plainToTls, tlsToPlain]) expect(answer).toMatchObject({ status: 403, body: { error: { id: 'cross_origin' } } })
    expect(await pageTitles()).toEqual(before)
    const proxied = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: https, 'x-forwarded-proto': 'https' }, body: { title: 'Written behind the proxy' } })
    expect(proxied.status).toBe(201)
  })

  it('refuses sign-in and sign-up posted from another site (login CSRF)', async () => {
    const login = await api(server.url, 'POST', '/api/auth/login', { headers: { origin: EVIL }, body: { username: user.username, password: 'correct horse battery' } })
    const signup = await api(server.url, 'POST', '/api/auth/signup', { headers: { origin: EVIL }, body: { username: 'planted_user', password: 'correct horse battery' } })
    expect([login.status, signup.status]).toEqual([403, 403])
    expect(login.headers.getSetCookie()).toEqual([])
  })

  it('accepts a same-site POST with the session cookie, and a bearer-token POST from a script', async () => {
    const sameSite = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { headers: { cookie, origin: server.url }, body: { title: 'Written in the browser' } })
    expect(sameSite.status).toBe(201)
    const script = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: user.token, body: { title: 'Written by a script' } })
    expect(script.status).toBe(201)
    expect(await pageTitles()).toEqual(expect.arrayContaining(['Written in the browser', 'Written by a script']))
  })
})
