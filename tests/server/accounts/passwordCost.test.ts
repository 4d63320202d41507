import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword, weakerThan } from '../../../server/accounts/passwords.ts'
import { insertUser } from '../../../server/accounts/userQueries.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer

// Test servers hash at cost 10 unless told otherwise; this one at 12.
beforeAll(async () => {
  server = await startTestServer({ env: { PASSWORD_HASH_COST: '12' } })
})
afterAll(() => server.close())

const storedHash = async (username: string) =>
  (await server.palimpsest.services.db.query<{ hash: string }>('SELECT password_hash AS hash FROM users WHERE username = $1', [username]))[0].hash
const logIn = (username: string, password: string) => api(server.url, 'POST', '/api/auth/login', { body: { username, password } })

describe('the cost of password hashes (PASSWORD_HASH_COST)', () => {
  it('hashes at the configured cost, and a hash names its parameters', async () => {
    const user = await signUpUser(server.url, 'costly')
    expect((await storedHash(user.username)).split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 12), '8', '1'])
    const cheap = await hashPassword('shots on the square', 10)
    expect(cheap.split('$')[1]).toBe(String(2 ** 10))
    expect(await verifyPassword('shots on the square', cheap)).toBe(true)
    expect(await verifyPassword('shots on the squares', cheap)).toBe(false)
    expect([weakerThan(cheap, 10), weakerThan(cheap, 12), weakerThan('md5$abc', 12)]).toEqual([false, true, false])
  })

  it('hashes a password stored at a lower cost again when its owner signs in, and only then', async () => {
    const { db } = server.palimpsest.services
    await insertUser(db, 'early_member', await hashPassword('shots on the square', 10))
    const before = await storedHash('early_member')

    expect((await logIn('early_member', 'shots on the squares')).status).toBe(401)
    expect(await storedHash('early_member')).toBe(before)

    expect((await logIn('early_member', 'shots on the square')).status).toBe(200)
    const after = await storedHash('early_member')
    expect(after.split('$')[1]).toBe(String(2 ** 12))
    expect(await verifyPassword('shots on the square', after)).toBe(true)

    // At the configured cost already: signing in leaves the hash as it is.
    expect((await logIn('early_member', 'shots on the square')).status).toBe(200)
    expect(await storedHash('early_member')).toBe(after)
  })
})
