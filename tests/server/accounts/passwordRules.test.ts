import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../server/accounts/passwords.ts'
import { insertUser } from '../../../server/accounts/userQueries.ts'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

describe('password rules', () => {
  it.each([
    ['nine characters', 'nine char', 'password: A password has at least 10 characters.', 'invalid_input'],
    ['only spaces', ' '.repeat(12), 'password: A password cannot be only spaces.', 'invalid_input'],
    ['a common password', 'qwertyuiop', 'password: That password is one of the most common ones, which are guessed first. Choose another.', 'weak_password'],
    ['a common password in capitals', 'PASSWORD123', 'password: That password is one of the most common ones, which are guessed first. Choose another.', 'weak_password'],
    ['a common word with digits and a symbol tacked on', 'football2024!', 'password: That password is one of the most common ones, which are guessed first. Choose another.', 'weak_password'],
    ['the username', 'Varvara_Petrova', 'password: A password cannot be the username.', 'weak_password'],
    ['the username with a year', 'varvara_petrova1962', 'password: A password cannot be the username.', 'weak_password'],
  ])('sign-up refuses %s with a 400 that says so, and creates no account', async (_, password, message, id) => {
    // A name of its own per case: sign-ups of one name are rate-limited.
    const username = password.toLowerCase().includes('varvara') ? 'Varvara_Petrova' : `Svetlana_${password.length}_${id.length}`
    const answer = await api(server.url, 'POST', '/api/auth/signup', { body: { username, password } })
    expect(answer).toMatchObject({ status: 400, body: { error: { id, message } } })
    expect(await server.palimpsest.services.db.query('SELECT 1 FROM users WHERE username = $1', [username])).toEqual([])
  })

  it('accepts a long passphrase', async () => {
    const answer = await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'Varvara_Ivanova', password: 'shots on the square 1962' } })
    expect(answer.status).toBe(201)
  })

  it('lets an older account whose password breaks today\'s rules still sign in', async () => {
    const { db } = server.palimpsest.services
    await insertUser(db, 'old_timer', await hashPassword('abc', 10))
    const answer = await api(server.url, 'POST', '/api/auth/login', { body: { username: 'old_timer', password: 'abc' } })
    expect(answer).toMatchObject({ status: 200, body: { user: { username: 'old_timer' } } })
  })

  it('applies the same rules to a changed password', async () => {
    const user = await signUpUser(server.url, 'changer')
    for (const newPassword of ['1234567890', 'short', user.username]) {
      const answer = await api(server.url, 'POST', '/api/auth/password', { token: user.token, body: { currentPassword: 'correct horse battery', newPassword } })
      expect(answer.status, newPassword).toBe(400)
      expect(answer.body.error.message).toMatch(/^newPassword: /u)
    }
    const same = await api(server.url, 'POST', '/api/auth/password', { token: user.token, body: { currentPassword: 'correct horse battery', newPassword: 'correct horse battery' } })
    expect(same.body.error.message).toBe('newPassword: The new password is the current one.')
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { username: user.username, password: 'correct horse battery' } })).status).toBe(200)
  })
})
