import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_SPACE } from '../../../server/seed/seedIfEmpty.ts'
import { api, signUpUser } from '../../support/api.ts'
import { connectProvider, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { must } from './spaceRoles.ts'

let server: TestServer
const open: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer({ seed: true })
})
afterAll(async () => {
  for (const provider of open.splice(0)) provider.destroy()
  await server.close()
})

describe('the seeded space', () => {
  it('is public and readable by anonymous visitors, but not editable by them', async () => {
    const space = await must(server.url, 200, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`)
    expect(space.body).toMatchObject({ slug: SEED_SPACE.slug, visibility: 'public', joinable: true, role: null })
    const pages = await must(server.url, 200, 'GET', `/api/spaces/${space.body.id}/pages`)
    expect(pages.body.length).toBeGreaterThan(3)
    const reader = await connectProvider(server.wsUrl, pages.body[0].id)
    open.push(reader)
    expect(reader.provider.authorizedScope).toBe('readonly')
    expect((await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { body: { title: 'Anonymous page' } })).status).toBe(401)
  })

  it('anyone signed in joins it as an editor, and may then create pages and edit them over the websocket', async () => {
    const student = await signUpUser(server.url, 'student')
    const space = await must(server.url, 200, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`, { token: student.token })
    expect((await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { token: student.token, body: { title: 'Before joining' } })).status).toBe(403)

    const joined = await must(server.url, 200, 'POST', `/api/spaces/${space.body.id}/join`, { token: student.token })
    expect(joined.body.role).toBe('editor')
    const page = await must(server.url, 201, 'POST', `/api/spaces/${space.body.id}/pages`, { token: student.token, body: { title: 'Student notes on the strike' } })
    const editor = await connectProvider(server.wsUrl, page.body.id, { token: student.token })
    open.push(editor)
    expect(editor.provider.authorizedScope).toBe('read-write')
    const listed = await must(server.url, 200, 'GET', '/api/spaces', { token: student.token })
    expect(listed.body.find((s: { slug: string }) => s.slug === SEED_SPACE.slug)).toMatchObject({ role: 'editor' })
  })
})
