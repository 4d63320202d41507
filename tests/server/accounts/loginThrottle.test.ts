import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOGIN_THROTTLE_LIMITS, LoginThrottle } from '../../../server/accounts/LoginThrottle.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const PASSWORD = 'correct horse battery'
const { freeFailuresPerAddress, freeFailuresPerUsername, firstDelayMs, maxDelayMs, usernameSpacingMs } = LOGIN_THROTTLE_LIMITS
let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

/** Signs in as if through a proxy on this machine from `address` (the throttle keys on it). */
function logIn(username: string, password: string, address: string) {
  return api(server.url, 'POST', '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': address } })
}

describe('login throttling over HTTP', () => {
  it('answers an attacker guessing from one address with 429 and Retry-After, while the real user signs in from another', async () => {
    const user = await signUpUser(server.url, 'victim')
    for (let i = 0; i < freeFailuresPerAddress; i++) expect((await logIn(user.username, `guess number ${i}`, '198.51.100.66')).status).toBe(401)
    const blocked = await logIn(user.username, 'one more guess', '198.51.100.66')
    expect(blocked).toMatchObject({ status: 429, body: { error: { id: 'rate_limited' } } })
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(firstDelayMs / 1000))
    // Even the right password waits at the attacker's address: the answer tells nothing.
    expect((await logIn(user.username, PASSWORD, '198.51.100.66')).status).toBe(429)

    expect((await logIn(user.username, PASSWORD, '203.0.113.20')).status).toBe(200)
  })

  it('counts unknown usernames like real ones, so the throttle does not tell which accounts exist', async () => {
    for (let i = 0; i < freeFailuresPerAddress; i++) expect((await logIn('nobody_of_that_name', `guess ${i}`, '198.51.100.67')).status).toBe(401)
    expect((await logIn('nobody_of_that_name', 'another', '198.51.100.67')).status).toBe(429)
  })

  // Some twenty wrong passwords, one scrypt verification each: slow on a busy machine.
  it('under guessing spread over many addresses, slows each new address but not the user\'s own, nor the user at a new address on a first try', { timeout: 120_000 }, async () => {
    const user = await signUpUser(server.url, 'famous')
    expect((await logIn(user.username, PASSWORD, '203.0.113.30')).status).toBe(200) // the user's usual address
    for (let i = 0; i < freeFailuresPerUsername; i++) expect((await logIn(user.username, `spread guess ${i}`, `198.18.0.${i + 1}`)).status).toBe(401)

    // A new address gets its first try, then waits (where without the attack it would have had a few more).
    expect((await logIn(user.username, 'first guess', '198.18.1.1')).status).toBe(401)
    const again = await logIn(user.username, 'second guess', '198.18.1.1')
    expect(again.status).toBe(429)
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(usernameSpacingMs / 1000)

    // From the address the user signed in from before, even a typo costs no wait; a new address's first try is free.
    expect((await logIn(user.username, 'a typo of mine', '203.0.113.30')).status).toBe(401)
    expect((await logIn(user.username, PASSWORD, '203.0.113.30')).status).toBe(200)
    expect((await logIn(user.username, PASSWORD, '203.0.113.31')).status).toBe(200)
  })

  it('lets a signed-in user\'s wrong current passwords on a password change be throttled like sign-ins', async () => {
    const user = await signUpUser(server.url, 'borrowed')
    const change = (currentPassword: string) => api(server.url, 'POST', '/api/auth/password', {
      token: user.token, body: { currentPassword, newPassword: 'a brand new passphrase' }, headers: { 'x-forwarded-for': '198.51.100.90' },
    })
    for (let i = 0; i < freeFailuresPerAddress; i++) expect((await change(`wrong ${i}`)).body.error.id).toBe('wrong_password')
    expect((await change(PASSWORD)).status).toBe(429)
  })
})

describe('LoginThrottle', () => {
  const address = '198.51.100.1'

  it('doubles an address\'s wait with each failure past the free ones, up to the cap, and a success starts it over', () => {
    const throttle = new LoginThrottle()
    let now = 1_000_000
    const waits: number[] = []
    for (let i = 0; i < freeFailuresPerAddress + 14; i++) {
      now += throttle.waitFor(address, 'anna', now)
      throttle.failed(address, 'anna', now)
      waits.push(throttle.waitFor(address, 'anna', now))
    }
    expect(waits.slice(0, freeFailuresPerAddress - 1)).toEqual(Array(freeFailuresPerAddress - 1).fill(0))
    expect(waits.slice(freeFailuresPerAddress - 1, freeFailuresPerAddress + 3)).toEqual([1, 2, 4, 8].map((n) => n * firstDelayMs))
    expect(waits.at(-1)).toBe(maxDelayMs)
    throttle.succeeded(address, 'anna', now)
    expect(throttle.waitFor(address, 'anna', now)).toBe(0)
  })

  it('never makes the real user wait more than the username-wide cap, however many addresses guess', () => {
    const throttle = new LoginThrottle()
    const now = 5_000_000
    for (let i = 0; i < 10_000; i++) throttle.failed(`10.${i >> 8}.${i & 255}.1`, 'anna', now)
    expect(throttle.waitFor('192.0.2.77', 'anna', now)).toBe(0)
    throttle.failed('192.0.2.77', 'anna', now) // a typo at a new address
    expect(throttle.waitFor('192.0.2.77', 'anna', now)).toBe(usernameSpacingMs)
    expect(throttle.waitFor('192.0.2.77', 'anna', now + usernameSpacingMs)).toBe(0)
  })
})
