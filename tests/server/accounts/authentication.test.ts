import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSession } from '../../../server/accounts/sessionQueries.ts'
import { AUTH_LIMITS } from '../../../server/http/routes/authRoutes.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const PASSWORD = 'correct horse battery'
let server: TestServer

/** The session cookie of an answer's Set-Cookie header, e.g. `palimpsest_session=…; Max-Age=…; HttpOnly`. */
function sessionCookie(headers: Headers): string | undefined {
  return headers.getSetCookie().find((cookie) => cookie.startsWith('palimpsest_session='))
}

/** The `name=value` part of the session cookie, as a browser would send it back. */
function cookieHeader(headers: Headers): string {
  return sessionCookie(headers)!.split(';')[0]
}

/** Pretends the request came through a proxy on this machine from `address` (rate limits key on it). */
function from(address: string): Record<string, string> {
  return { 'x-forwarded-for': address }
}

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe('signing up, in and out', () => {
  it('signing up stores only a salted scrypt hash and starts a session that works as a bearer token and as a cookie', async () => {
    const a = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'Varvara', password: PASSWORD } })
    const b = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'Lyudmila', password: PASSWORD } })
    expect(a.status).toBe(201)
    expect(a.body).toMatchObject({ user: { username: 'Varvara' }, token: expect.any(String) })

    const rows = await server.palimpsest.services.db.query<{ username: string; hash: string }>(
      "SELECT username, password_hash AS hash FROM users WHERE username IN ('Varvara', 'Lyudmila') ORDER BY username")
    expect(rows.map((row) => row.hash.split('$')[0])).toEqual(['scrypt', 'scrypt'])
    expect(rows[0].hash).not.toContain(PASSWORD)
    expect(rows[0].hash.split('$')[4]).not.toBe(rows[1].hash.split('$')[4]) // a salt of its own
    const tokens = await server.palimpsest.services.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions')
    expect(tokens.map((row) => row.token_hash)).not.toContain(a.body.token)

    expect(await api(server.url, 'GET', '/api/auth/me', { token: a.body.token })).toMatchObject({ status: 200, body: { user: { id: a.body.user.id, username: 'Varvara' } } })
    expect(await api(server.url, 'GET', '/api/auth/session', { token: a.body.token })).toMatchObject({ status: 200, body: { user: { id: a.body.user.id, username: 'Varvara' } } })
    expect(await api(server.url, 'GET', '/api/auth/session')).toMatchObject({ status: 200, body: { user: null } })
    const byCookie = await api(server.url, 'GET', '/api/auth/me', { headers: { cookie: cookieHeader(b.headers) } })
    expect(byCookie).toMatchObject({ status: 200, body: { user: { username: 'Lyudmila' } } })
  })

  it.each([
    ['a username that is too short', { username: 'ab', password: PASSWORD }, 'username'],
    ['a username that is too long', { username: 'a'.repeat(33), password: PASSWORD }, 'username'],
    ['a username with a space', { username: 'Andrei Snezhko', password: PASSWORD }, 'username'],
    ['a username with a slash', { username: 'lyuda/admin', password: PASSWORD }, 'username'],
    ['a username of dots', { username: '...', password: PASSWORD }, 'username'],
    ['a username ending in a dash', { username: 'lyuda-', password: PASSWORD }, 'username'],
    ['a password shorter than 10 characters', { username: 'Svetka', password: 'short' }, 'password'],
    ['a missing password', { username: 'Svetka' }, 'password'],
  ])('sign-up refuses %s with 400 and a message naming the field', async (_, body, field) => {
    const answer = await api(server.url, 'POST', '/api/auth/signup', { body })
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toMatch(new RegExp(`^${field}: `, 'u'))
    expect(sessionCookie(answer.headers)).toBeUndefined()
  })

  it('sign-up lists every problem at once, each a sentence without the field name', async () => {
    const answer = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'v!', password: 'qwertyuiop' } })
    expect(answer.status).toBe(400)
    expect(answer.body.error.problems).toEqual([
      { field: 'username', message: expect.stringMatching(/^A username has 3 to 32 letters/u) },
      { field: 'password', message: 'That password is one of the most common ones, which are guessed first. Choose another.' },
    ])
    const short = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'v!', password: 'short' } })
    expect(short.body.error.problems.map((p: { field: string }) => p.field)).toEqual(['username', 'password'])
  })

  it('accepts usernames in any alphabet, and a name is taken whatever its case or Unicode form', async () => {
    const cyrillic = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'Людмила_С', password: PASSWORD } })
    expect(cyrillic.status).toBe(201)
    expect((await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'людмила_с', password: PASSWORD } })).status).toBe(409)
    await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'Andr\u00e9', password: PASSWORD } })
    const decomposed = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'ANDRE\u0301', password: PASSWORD } })
    expect(decomposed).toMatchObject({ status: 409, body: { error: { id: 'username_taken' } } })
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: 'andre\u0301', password: PASSWORD } })
    expect(login).toMatchObject({ status: 200, body: { user: { username: 'André' } } })
  })

  it('answers a wrong password and an unknown username alike, so the answer never tells which accounts exist', async () => {
    const user = await signUpUser(server.url, 'kolya')
    const wrongPassword = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: 'not the password' } })
    const unknownUser = await api(server.url, 'POST', '/api/auth/login', { body: { username: 'nobody_by_that_name', password: 'not the password' } })
    expect(wrongPassword.status).toBe(401)
    expect(unknownUser.status).toBe(wrongPassword.status)
    expect(unknownUser.body).toEqual(wrongPassword.body)
    expect(wrongPassword.body.error).toEqual({ id: 'invalid_credentials', message: 'Wrong username or password.' })
    expect(sessionCookie(wrongPassword.headers)).toBeUndefined()
  })

  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site that lasts as long as the session, Secure behind HTTPS', async () => {
    const user = await signUpUser(server.url, 'cookie')
    const plain = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD } })
    const cookie = sessionCookie(plain.headers)!
    expect(cookie).toMatch(/; HttpOnly/u)
    expect(cookie).toMatch(/; SameSite=Lax/u)
    expect(cookie).toMatch(/; Path=\//u)
    expect(cookie).toMatch(/; Max-Age=2592000/u)
    expect(cookie).not.toMatch(/; Secure/u)
    const proxied = await api(server.url, 'POST', '/api/auth/login', {
      body: { username: user.username, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' },
    })
    expect(sessionCookie(proxied.headers)).toMatch(/; Secure/u)
  })

  it('signing out revokes the session: its token gets 401 and the cookie is cleared', async () => {
    const user = await signUpUser(server.url, 'leaver')
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD } })
    const cookie = cookieHeader(login.headers)

    const out = await api(server.url, 'POST', '/api/auth/logout', { headers: { cookie, origin: server.url } })
    expect(out.status).toBe(204)
    expect(sessionCookie(out.headers)).toMatch(/Max-Age=0/u)
    expect((await api(server.url, 'GET', '/api/auth/me', { headers: { cookie } })).status).toBe(401)

    await api(server.url, 'POST', '/api/auth/logout', { token: user.token })
    expect(await api(server.url, 'GET', '/api/auth/me', { token: user.token })).toMatchObject({ status: 401, body: { error: { id: 'session_ended' } } })
    expect((await api(server.url, 'POST', '/api/auth/logout', { token: user.token })).status).toBe(204)
  })

  it('refuses an expired session: a bearer token gets 401, a cookie reads as anonymous and is cleared', async () => {
    const user = await signUpUser(server.url, 'expired')
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD } })
    const { db } = server.palimpsest.services
    for (const token of [user.token, login.body.token]) {
      const { sessionId } = (await findSession(db, token))!
      await db.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [sessionId])
    }
    expect(await api(server.url, 'GET', '/api/spaces', { token: user.token })).toMatchObject({ status: 401, body: { error: { id: 'session_ended' } } })
    const byCookie = await api(server.url, 'GET', '/api/spaces', { headers: { cookie: cookieHeader(login.headers) } })
    expect(byCookie.status).toBe(200)
    expect(sessionCookie(byCookie.headers)).toMatch(/Max-Age=0/u)

    // Signing in again clears the user's expired sessions.
    await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD } })
    const left = await db.query<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND expires_at <= now()', [user.id])
    expect(left[0].n).toBe(0)
  })
})

describe('rate limits', () => {
  // Thirty sign-ins, one scrypt verification each: slow on a busy machine.
  it('limits sign-ins per address, whoever they are for', { timeout: 120_000 }, async () => {
    const { limit } = AUTH_LIMITS.signInsPerAddress
    for (let i = 0; i < limit; i++) {
      const attempt = await api(server.url, 'POST', '/api/auth/login', { body: { username: `stranger_${i}`, password: 'whatever' }, headers: from('203.0.113.7') })
      expect(attempt.status).toBe(401)
    }
    const user = await signUpUser(server.url, 'neighbour')
    const blocked = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD }, headers: from('203.0.113.7') })
    expect(blocked.status).toBe(429)
    const elsewhere = await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: PASSWORD }, headers: from('203.0.113.8') })
    expect(elsewhere.status).toBe(200)
  })

  // Fills the per-address allowance with real sign-ups, one scrypt hash each: slow on a busy machine.
  it('limits sign-ups per address and per username', { timeout: 120_000 }, async () => {
    const { limit } = AUTH_LIMITS.signUpsPerAddress
    for (let i = 0; i < limit; i++) {
      const signup = await api(server.url, 'POST', '/api/auth/signup', { body: { username: `pupil_${i}`, password: PASSWORD }, headers: from('192.0.2.10') })
      expect(signup.status).toBe(201)
    }
    const over = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'one_pupil_too_many', password: PASSWORD }, headers: from('192.0.2.10') })
    expect(over.status).toBe(429)
    const exists = await server.palimpsest.services.db.query("SELECT 1 FROM users WHERE username = 'one_pupil_too_many'")
    expect(exists).toEqual([])

    const perName = AUTH_LIMITS.signUpsPerUsername.limit
    const answers: number[] = []
    for (let i = 0; i <= perName; i++) {
      answers.push((await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'popular_name', password: PASSWORD }, headers: from(`192.0.2.${20 + i}`) })).status)
    }
    expect(answers).toEqual([201, ...Array(perName - 1).fill(409), 429])
  })
})

describe('security headers', () => {
  it.each([
    ['an API answer', 'GET', '/api/health', 200],
    ['an API error', 'GET', '/api/auth/me', 401],
    ['an unknown API route', 'GET', '/api/no/such/route', 404],
    ['a client page', 'GET', '/p/00000000-0000-4000-8000-000000000000', undefined],
  ] as const)('%s carries a CSP without inline script, nosniff, a referrer policy and no framing', async (_, method, path, status) => {
    const answer = await api(server.url, method, path)
    if (status) expect(answer.status).toBe(status)
    const csp = answer.headers.get('content-security-policy') ?? ''
    const scriptSrc = csp.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src'))
    expect(scriptSrc).toBe("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
    expect(answer.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(answer.headers.get('x-frame-options')).toBe('DENY')
  })
})
