import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backfillUsernameSkeletons } from '../../../server/accounts/backfillUsernameSkeletons.ts'
import { createLogger } from '../../../server/logger.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const PASSWORD = 'correct horse battery'
let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

const signUp = (username: string) => api(server.url, 'POST', '/api/auth/signup', { body: { username, password: PASSWORD } })

describe('usernames that look alike are one name', () => {
  it('refuses "аdmin" with a Cyrillic а, "adrnin" and fullwidth "ａｄｍｉｎ" once "admin" exists, with a 409 that says why', async () => {
    expect((await signUp('admin')).status).toBe(201)
    const cyrillic = await signUp('\u0430dmin')
    expect(cyrillic).toMatchObject({ status: 409, body: { error: { id: 'username_lookalike' } } })
    expect(cyrillic.body.error.message).toMatch(/looks like one that is taken/u)
    expect((await signUp('adrnin')).body.error.id).toBe('username_lookalike')
    for (const fullwidth of ['\uff41\uff44\uff4d\uff49\uff4e', '\uff21\uff24\uff2d\uff29\uff2e']) {
      expect((await signUp(fullwidth)).status).toBe(409)
    }
    const users = await server.palimpsest.services.db.query<{ username: string }>('SELECT username FROM users')
    expect(users.map((u) => u.username)).toEqual(['admin'])
  })

  it('refuses the look-alike whichever came first, and mixed-script look-alikes of Cyrillic names too', async () => {
    expect((await signUp('\u0441\u043e\u0440')).status).toBe(201) // Cyrillic "сор"
    expect((await signUp('cop')).body.error.id).toBe('username_lookalike')
    expect((await signUp('Boris_1962')).status).toBe(201)
    expect((await signUp('B\u043erIs_1962')).body.error.id).toBe('username_lookalike') // Cyrillic о, capital I
  })

  it('stores a fullwidth name in its ordinary form, and still accepts names in any alphabet that look like nobody', async () => {
    const fullwidth = await signUp('\uff4c\uff59\uff55\uff44\uff41_62')
    expect(fullwidth).toMatchObject({ status: 201, body: { user: { username: 'lyuda_62' } } })
    // Typed fullwidth again at sign-in, it is the same account.
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { username: '\uff4c\uff59\uff55\uff44\uff41_62', password: PASSWORD } })
    expect(login).toMatchObject({ status: 200, body: { user: { username: 'lyuda_62' } } })
    expect((await signUp('Людмила_Сёмина')).status).toBe(201)
    expect((await signUp('Ευδοκία')).status).toBe(201)
  })

  it('gives existing users a skeleton at start-up, the older of two look-alikes keeping it and both still signing in', async () => {
    const { db } = server.palimpsest.services
    const older = await signUpUser(server.url, 'olga')
    const newer = await signUpUser(server.url, 'pavel')
    // As before migration 0014: two accounts whose names look alike, neither with a skeleton.
    const lookalike = older.username.replace('o', '\u043e')
    await db.query('UPDATE users SET username_skeleton = NULL WHERE id = ANY($1::uuid[])', [[older.id, newer.id]])
    await db.query('UPDATE users SET username = $2, username_key = lower($2) WHERE id = $1', [newer.id, lookalike])

    const filled = await backfillUsernameSkeletons(db, createLogger('silent'))
    expect(filled).toBe(1)
    const rows = await db.query<{ id: string; skeleton: string | null }>('SELECT id, username_skeleton AS skeleton FROM users WHERE id = ANY($1::uuid[])', [[older.id, newer.id]])
    expect(rows.find((r) => r.id === older.id)!.skeleton).not.toBeNull()
    expect(rows.find((r) => r.id === newer.id)!.skeleton).toBeNull()
    for (const username of [older.username, lookalike]) {
      expect((await api(server.url, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } })).status).toBe(200)
    }
    expect((await signUp(older.username.replace('o', '\u03bf'))).body.error.id).toBe('username_lookalike') // Greek ο
  })
})

describe('invisible and text-direction characters', () => {
  it.each([
    ['a zero-width space', 'ad\u200bmin_2', 'U+200B (zero-width space)'],
    ['a right-to-left override', '\u202eadmin_3', 'U+202E (right-to-left override)'],
    ['a Hangul filler (a "letter" that shows nothing)', '\u3164admin_4', 'U+3164 (Hangul filler)'],
    ['a zero-width joiner', 'ad\u200dmin_5', 'U+200D (zero-width joiner)'],
  ])('sign-up refuses a username with %s, naming the character', async (_, username, named) => {
    const answer = await signUp(username)
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toBe(`username: A username cannot contain invisible or text-direction characters; this one has ${named}.`)
  })

  it('page titles refuse zero-width and direction-override characters on create and rename, naming them', async () => {
    const owner = await signUpUser(server.url, 'titler')
    const { spaceId, pageId } = await createSpaceWithPage(server.url, owner.token)
    const create = (title: string) => api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title } })
    const zeroWidth = await create('First\u200b page')
    expect(zeroWidth.status).toBe(400)
    expect(zeroWidth.body.error.message).toBe('title: A title cannot contain invisible or text-direction characters; this one has U+200B (zero-width space).')
    expect((await create('Leaflet \u202egnp.exe')).body.error.message).toMatch(/U\+202E \(right-to-left override\)/u)
    expect((await create('\u2067Isolated\u2069')).status).toBe(400)
    const rename = await api(server.url, 'PATCH', `/api/pages/${pageId}`, { token: owner.token, body: { title: 'First page\u200e' } })
    expect(rename.status).toBe(400)
    expect(rename.body.error.message).toMatch(/U\+200E \(left-to-right mark\)/u)
  })

  it('page titles in any script stay welcome: Cyrillic, Persian with its non-joiner, emoji sequences', async () => {
    const owner = await signUpUser(server.url, 'scripts')
    const { spaceId } = await createSpaceWithPage(server.url, owner.token)
    for (const title of ['Новочеркасский расстрел', 'Novocherkasskiy rasstrel', 'می\u200cخواهم', 'Scientists 👩\u200d🔬', 'With love ❤\ufe0f']) {
      const answer = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: owner.token, body: { title } })
      expect(answer.status, title).toBe(201)
    }
  })
})
