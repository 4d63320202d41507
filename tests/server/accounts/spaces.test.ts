import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'
import { createRoleSpace, KNOCKERS, must, setUpSpaceRoles, type Knocker, type SpaceRoles } from './spaceRoles.ts'

let server: TestServer
let roles: SpaceRoles

/** `username:role` of a space's members, as its members page shows them. */
async function members(spaceId: string): Promise<string[]> {
  const answer = await must(server.url, 200, 'GET', `/api/spaces/${spaceId}/members`, { token: roles.users.owner.token })
  return answer.body.map((member: { username: string; role: string }) => `${member.username}:${member.role}`).sort()
}

beforeAll(async () => {
  server = await startTestServer()
  roles = await setUpSpaceRoles(server.url)
})
afterAll(() => server.close())

describe('spaces', () => {
  it('creating a space makes the caller its owner, with an address derived from its name', async () => {
    const { token, username } = roles.users.outsider
    const first = await must(server.url, 201, 'POST', '/api/spaces', { token, body: { name: '  Film Club: Dear Comrades! ', visibility: 'private' } })
    expect(first.body).toMatchObject({ name: 'Film Club: Dear Comrades!', slug: 'film-club-dear-comrades', visibility: 'private', role: 'owner', joinable: false })
    const second = await must(server.url, 201, 'POST', '/api/spaces', { token, body: { name: 'Film club — Dear Comrades', visibility: 'public' } })
    expect(second.body.slug).toBe('film-club-dear-comrades-2')
    expect(await must(server.url, 200, 'GET', `/api/spaces/${first.body.id}/members`, { token }).then((a) => a.body)).toEqual([
      { userId: roles.users.outsider.id, username, role: 'owner' },
    ])
    expect((await api(server.url, 'POST', '/api/spaces', { token, body: { name: ' ', visibility: 'public' } })).status).toBe(400)
    expect((await api(server.url, 'POST', '/api/spaces', { token, body: { name: 'Hidden', visibility: 'secret' } })).status).toBe(400)
  })

  it('an owner renames a space and changes its visibility, which changes who can read it', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Renaming drill')
    const renamed = await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { name: 'Seminar on 1962' } })
    expect(renamed.body).toMatchObject({ id: space.id, name: 'Seminar on 1962', slug: space.slug, role: 'owner' })
    expect((await api(server.url, 'GET', `/api/spaces/${space.id}`)).status).toBe(404)

    await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { visibility: 'public' } })
    expect(await api(server.url, 'GET', `/api/pages/${space.pageId}`)).toMatchObject({ status: 200, body: { title: 'Renaming drill', canEdit: false } })
    expect((await api(server.url, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: {} })).status).toBe(400)
    expect((await api(server.url, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { name: '' } })).status).toBe(400)
  })

  it('owners add members by username, change their roles and remove them', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Membership drill')
    const { owner, editor, viewer, outsider } = roles.users
    const added = await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${outsider.username.toUpperCase()}`, { token: owner.token, body: { role: 'editor' } })
    expect(added.body).toEqual({ userId: outsider.id, username: outsider.username, role: 'editor' })
    await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${viewer.username}`, { token: owner.token, body: { role: 'owner' } })
    await must(server.url, 204, 'DELETE', `/api/spaces/${space.id}/members/${editor.username}`, { token: owner.token })
    expect(await members(space.id)).toEqual([`${outsider.username}:editor`, `${owner.username}:owner`, `${viewer.username}:owner`].sort())
    expect((await api(server.url, 'GET', `/api/pages/${space.pageId}`, { token: editor.token })).status).toBe(404)
    expect(await api(server.url, 'GET', `/api/pages/${space.pageId}`, { token: outsider.token })).toMatchObject({ status: 200, body: { canEdit: true } })

    const unknown = await api(server.url, 'PUT', `/api/spaces/${space.id}/members/no_such_person`, { token: owner.token, body: { role: 'viewer' } })
    expect(unknown).toMatchObject({ status: 404, body: { error: { message: 'A user with that name was not found.' } } })
    expect((await api(server.url, 'DELETE', `/api/spaces/${space.id}/members/${editor.username}`, { token: owner.token })).status).toBe(404)
    expect((await api(server.url, 'PUT', `/api/spaces/${space.id}/members/${editor.username}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(400)
  })

  it('a space always keeps an owner: its last owner can neither step down, leave nor be removed', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Last owner drill')
    const { owner, viewer } = roles.users
    const stepDown = await api(server.url, 'PUT', `/api/spaces/${space.id}/members/${owner.username}`, { token: owner.token, body: { role: 'editor' } })
    expect(stepDown).toMatchObject({ status: 409, body: { error: { id: 'last_owner' } } })
    expect((await api(server.url, 'DELETE', `/api/spaces/${space.id}/members/${owner.username}`, { token: owner.token })).status).toBe(409)
    expect(await members(space.id)).toContain(`${owner.username}:owner`)

    await must(server.url, 200, 'PUT', `/api/spaces/${space.id}/members/${viewer.username}`, { token: owner.token, body: { role: 'owner' } })
    await must(server.url, 204, 'DELETE', `/api/spaces/${space.id}/members/${owner.username}`, { token: owner.token })
    expect((await api(server.url, 'GET', `/api/spaces/${space.id}`, { token: owner.token })).status).toBe(404)
  })

  it('any member may leave a space, but only owners remove others', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Leaving drill')
    const { editor, viewer } = roles.users
    const pushOut = await api(server.url, 'DELETE', `/api/spaces/${space.id}/members/${viewer.username}`, { token: editor.token })
    expect(pushOut).toMatchObject({ status: 403, body: { error: { message: 'Only owners of this space can do this.' } } })
    await must(server.url, 204, 'DELETE', `/api/spaces/${space.id}/members/${viewer.username}`, { token: viewer.token })
    expect((await api(server.url, 'GET', `/api/spaces/${space.id}`, { token: viewer.token })).status).toBe(404)
  })

  it('shows who the members are to members only, even in a public space', async () => {
    const { id } = roles.spaces.public
    expect(await api(server.url, 'GET', `/api/spaces/${id}/members`)).toMatchObject({ status: 401 })
    expect(await api(server.url, 'GET', `/api/spaces/${id}/members`, { token: roles.users.outsider.token })).toMatchObject({
      status: 403, body: { error: { message: 'Only members of this space can see who its members are.' } },
    })
    const seen = await must(server.url, 200, 'GET', `/api/spaces/${id}/members`, { token: roles.users.viewer.token })
    expect(seen.body).toHaveLength(3)
  })

  // Postgres only: on PGlite a held transaction holds the one connection, so every request waits.
  it.skipIf(!onPostgres)('someone who may not manage a space is turned away at once while an owner\'s change holds it, and takes no lock of it', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Lock drill')
    const stillWaiting = Symbol('still waiting')
    await server.palimpsest.services.db.transaction(async (tx) => {
      // What an owner's change of members holds while it runs.
      await tx.query('SELECT 1 FROM spaces WHERE id = $1 FOR UPDATE', [space.id])
      for (const knocker of ['outsider', 'viewer'] as const) {
        const { token, username } = roles.users[knocker]
        const attempts = Promise.all([
          api(server.url, 'DELETE', `/api/spaces/${space.id}/members/${roles.users.editor.username}`, { token }),
          api(server.url, 'PUT', `/api/spaces/${space.id}/members/${username}`, { token, body: { role: 'owner' } }),
          api(server.url, 'DELETE', `/api/spaces/not-a-space-id/members/${roles.users.editor.username}`, { token }),
        ])
        // Not a measure of speed: a refusal that waited for the lock would wait for this test.
        const answers = await Promise.race([attempts, new Promise<typeof stillWaiting>((resolve) => setTimeout(() => resolve(stillWaiting), 10_000))])
        expect(answers, `${knocker}'s attempts waited for the space's lock`).not.toBe(stillWaiting)
        const statuses = (answers as Awaited<typeof attempts>).map((answer) => answer.status)
        expect(statuses[0], knocker).toBe(knocker === 'outsider' ? 404 : 403)
        expect(statuses[1], knocker).toBe(knocker === 'outsider' ? 404 : 403)
        expect(statuses[2], knocker).toBe(404)
      }
    })
    expect(await members(space.id)).toEqual([
      `${roles.users.editor.username}:editor`, `${roles.users.owner.username}:owner`, `${roles.users.viewer.username}:viewer`,
    ].sort())
  })
})

describe('a space\'s description', () => {
  it('is written by owners only, shown to every reader, and kept within its length', async () => {
    const space = await createRoleSpace(server.url, 'public', roles.users, 'Description drill')
    const text = 'Notes of the Tuesday reading group.'
    for (const knocker of ['editor', 'viewer', 'outsider'] as const) {
      expect((await api(server.url, 'PATCH', `/api/spaces/${space.id}`, { token: roles.token(knocker), body: { description: 'Hijacked' } })).status).toBe(403)
    }
    expect((await api(server.url, 'PATCH', `/api/spaces/${space.id}`, { body: { description: 'Hijacked' } })).status).toBe(401)
    expect((await api(server.url, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { description: 'x'.repeat(2001) } })).status).toBe(400)
    await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { description: text } })
    expect((await api(server.url, 'GET', `/api/spaces/${space.id}`)).body.description).toBe(text)
  })
})

describe('joining a space', () => {
  it('a public space is not open for joining until its owner opens it; then anyone signed in joins as an editor', async () => {
    const space = await createRoleSpace(server.url, 'public', roles.users, 'Joining drill')
    const newcomer = await signUpUser(server.url, 'newcomer')
    const closed = await api(server.url, 'POST', `/api/spaces/${space.id}/join`, { token: newcomer.token })
    expect(closed).toMatchObject({ status: 403, body: { error: { message: 'This space is open to its members only; ask one of its owners to add you.' } } })
    expect((await api(server.url, 'POST', `/api/spaces/${space.id}/join`)).status).toBe(401)

    const opened = await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { joinable: true } })
    expect(opened.body.joinable).toBe(true)
    const joined = await must(server.url, 200, 'POST', `/api/spaces/${space.id}/join`, { token: newcomer.token })
    expect(joined.body).toMatchObject({ id: space.id, role: 'editor', joinable: true })
    await must(server.url, 201, 'POST', `/api/spaces/${space.id}/pages`, { token: newcomer.token, body: { title: 'A newcomer writes' } })
  })

  it('joining never changes a role an owner gave', async () => {
    const space = await createRoleSpace(server.url, 'public', roles.users, 'Rejoining drill')
    await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { joinable: true } })
    for (const knocker of ['viewer', 'owner'] as const) {
      const answer = await must(server.url, 200, 'POST', `/api/spaces/${space.id}/join`, { token: roles.users[knocker].token })
      expect(answer.body.role).toBe(knocker)
    }
  })

  it('a private space cannot be joined even when marked joinable', async () => {
    const space = await createRoleSpace(server.url, 'private', roles.users, 'Closed joining drill')
    await must(server.url, 200, 'PATCH', `/api/spaces/${space.id}`, { token: roles.users.owner.token, body: { joinable: true } })
    expect((await api(server.url, 'POST', `/api/spaces/${space.id}/join`, { token: roles.users.outsider.token })).status).toBe(404)
  })
})

describe('what the caller may do, as the server tells it', () => {
  // read, edit, manage, seeMembers, join — the client shows buttons from these and never re-derives them.
  const expected: Record<'public' | 'private', Record<Knocker, boolean[] | null>> = {
    public: {
      anonymous: [true, false, false, false, false],
      outsider: [true, false, false, false, true],
      viewer: [true, false, false, true, false],
      editor: [true, true, false, true, false],
      owner: [true, true, true, true, false],
    },
    private: { anonymous: null, outsider: null, viewer: [true, false, false, true, false], editor: [true, true, false, true, false], owner: [true, true, true, true, false] },
  }

  it('every space answer carries the abilities of its caller, whoever knocks, on both routes that find a space', async () => {
    const open = roles.spaces.public
    await must(server.url, 200, 'PATCH', `/api/spaces/${open.id}`, { token: roles.users.owner.token, body: { joinable: true } })
    for (const visibility of ['public', 'private'] as const) {
      const space = roles.spaces[visibility]
      for (const knocker of KNOCKERS) {
        const token = roles.token(knocker) ?? undefined
        const want = expected[visibility][knocker]
        for (const path of [`/api/spaces/${space.id}`, `/api/spaces/by-slug/${space.slug}`]) {
          const answer = await api(server.url, 'GET', path, { token })
          if (!want) {
            expect(answer.status, `${knocker} ${visibility} ${path}`).toBe(404)
            continue
          }
          const { read, edit, manage, seeMembers, join } = answer.body.abilities
          expect([read, edit, manage, seeMembers, join], `${knocker} ${visibility} ${path}`).toEqual(want)
        }
        const listed = (await api(server.url, 'GET', '/api/spaces', { token })).body.find((s: { id: string }) => s.id === space.id)
        expect(listed?.abilities ?? null, `${knocker} ${visibility} in the list`).toEqual(want ? answerShape(want) : null)
      }
    }
    await must(server.url, 200, 'PATCH', `/api/spaces/${open.id}`, { token: roles.users.owner.token, body: { joinable: false } })
  })
})

function answerShape([read, edit, manage, seeMembers, join]: boolean[]) {
  // Commenting is for members, like seeing the members (tests/server/discussion/ covers it).
  return { read, edit, manage, seeMembers, comment: seeMembers, join }
}
