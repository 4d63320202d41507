import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { watchCollab } from './collabWatch.ts'

const PASSWORD = 'correct horse battery'
const NEW_PASSWORD = 'the square in june 1962'
let server: TestServer
const open: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer()
})
afterEach(() => {
  for (const provider of open.splice(0)) provider.destroy()
})
afterAll(() => server.close())

/** A user signed in on three devices (three sessions), with a page of their own. */
async function userOnThreeDevices(prefix: string) {
  const user = await signUpUser(server.url, prefix)
  const { pageId } = await createSpaceWithPage(server.url, user.token)
  const more = []
  for (let i = 0; i < 2; i++) {
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD } })
    more.push(login.body.token as string)
  }
  return { user, pageId, tokens: [user.token, ...more] }
}

async function connect(pageId: string, token: string): Promise<TestProvider> {
  const provider = await connectProvider(server.wsUrl, pageId, { token })
  open.push(provider)
  return provider
}

const me = (token: string) => api(server.url, 'GET', '/api/auth/me', { token })

describe('sign out everywhere', () => {
  it('ends every session of the caller: their tokens get 401 and their open pages close with session-ended', async () => {
    const { pageId, tokens: [here, laptop, phone] } = await userOnThreeDevices('everywhere')
    const bystander = await signUpUser(server.url, 'bystander')
    const laptopPage = await connect(pageId, laptop)
    const phonePage = await connect(pageId, phone)
    const watches = [watchCollab(laptopPage.provider), watchCollab(phonePage.provider)]

    const answer = await api(server.url, 'POST', '/api/auth/logout-all', { token: here })
    expect(answer).toMatchObject({ status: 200, body: { endedSessions: 3 } })
    for (const token of [here, laptop, phone]) expect(await me(token)).toMatchObject({ status: 401, body: { error: { id: 'session_ended' } } })
    await waitFor(() => watches.every((w) => w.closeReasons.length > 0), 'both open pages to close')
    expect(watches.map((w) => w.closeReasons)).toEqual([['session-ended'], ['session-ended']])
    const reopened = await connectProvider(server.wsUrl, pageId, { token: laptop })
    open.push(reopened)
    expect(reopened.authFailures).toEqual(['session-ended'])

    expect((await me(bystander.token)).status).toBe(200)
  })

  it('is refused to anonymous callers and to another site riding the cookie, and ends nothing then', async () => {
    const { tokens: [here] } = await userOnThreeDevices('guarded')
    expect(await api(server.url, 'POST', '/api/auth/logout-all')).toMatchObject({ status: 401, body: { error: { id: 'unauthenticated' } } })
    const cookie = `palimpsest_session=${here}`
    const crossSite = await api(server.url, 'POST', '/api/auth/logout-all', { headers: { cookie, origin: 'https://evil.example' } })
    expect(crossSite).toMatchObject({ status: 403, body: { error: { id: 'cross_origin' } } })
    expect((await me(here)).status).toBe(200)
    const sameSite = await api(server.url, 'POST', '/api/auth/logout-all', { headers: { cookie, origin: server.url } })
    expect(sameSite.status).toBe(200)
    expect(sameSite.headers.getSetCookie().join()).toMatch(/palimpsest_session=;.*Max-Age=0/u)
  })
})

describe('changing the password', () => {
  it('needs the current password, then ends every other session and closes its pages, keeps this one, and only the new password signs in', async () => {
    const { user, pageId, tokens: [here, laptop] } = await userOnThreeDevices('changer')
    const herePage = await connect(pageId, here)
    const laptopPage = await connect(pageId, laptop)
    const watches = [watchCollab(herePage.provider), watchCollab(laptopPage.provider)]

    const wrong = await api(server.url, 'POST', '/api/auth/password', { token: here, body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD } })
    expect(wrong).toMatchObject({ status: 403, body: { error: { id: 'wrong_password', message: 'The current password is not right.' } } })
    expect((await me(laptop)).status).toBe(200)

    const changed = await api(server.url, 'POST', '/api/auth/password', { token: here, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })
    expect(changed).toMatchObject({ status: 200, body: { endedSessions: 2 } })
    expect((await me(laptop)).status).toBe(401)
    await waitFor(() => watches[1].closeReasons.length > 0, 'the other session\'s page to close')
    expect(watches[1].closeReasons).toEqual(['session-ended'])

    expect((await me(here)).status).toBe(200)
    appendParagraph(herePage.doc, 'Still writing after the change.')
    await herePage.settled()
    expect(watches[0].closeReasons).toEqual([])

    const login = (password: string) => api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password } })
    expect((await login(PASSWORD)).status).toBe(401)
    expect((await login(NEW_PASSWORD)).status).toBe(200)
  })

  it('is refused to anonymous callers before anything is checked', async () => {
    const answer = await api(server.url, 'POST', '/api/auth/password', { body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })
    expect(answer).toMatchObject({ status: 401, body: { error: { id: 'unauthenticated' } } })
  })
})
