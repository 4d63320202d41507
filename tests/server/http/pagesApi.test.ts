import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let token: string
let spaceId: string

beforeAll(async () => {
  server = await startTestServer()
  token = (await signUpUser(server.url)).token
  spaceId = (await createSpaceWithPage(server.url, token, { title: 'First page' })).spaceId
})
afterAll(() => server.close())

describe('the pages API', () => {
  it('answers health once the database answers', async () => {
    expect(await api(server.url, 'GET', '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } })
  })

  it('creates a page, lists it first as the most recently changed, and reads it', async () => {
    const created = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: '  The   Thaw ' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ title: 'The Thaw', slug: 'the-thaw' })
    const list = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token })
    expect(list.body.map((p: { title: string }) => p.title)).toEqual(['The Thaw', 'First page'])
    const read = await api(server.url, 'GET', `/api/pages/${created.body.id}`, { token })
    expect(read.body).toMatchObject({ id: created.body.id, spaceId, title: 'The Thaw', canEdit: true })
  })

  it('refuses a second page whose title matches case- and space-insensitively with 409', async () => {
    await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'Secret Speech' } })
    const clash = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'secret   SPEECH' } })
    expect(clash).toMatchObject({ status: 409, body: { error: { id: 'title_taken' } } })
  })

  it('renames a page, keeps its id, and refuses a rename onto another title', async () => {
    const a = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'Draft A' } })
    await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'Draft B' } })
    const renamed = await api(server.url, 'PATCH', `/api/pages/${a.body.id}`, { token, body: { title: 'Final A' } })
    expect(renamed.body).toMatchObject({ id: a.body.id, title: 'Final A', slug: 'final-a' })
    const clash = await api(server.url, 'PATCH', `/api/pages/${a.body.id}`, { token, body: { title: 'draft b' } })
    expect(clash.status).toBe(409)
    const space = await api(server.url, 'GET', `/api/spaces/${spaceId}`, { token })
    const bySlug = await api(server.url, 'GET', `/api/spaces/by-slug/${space.body.slug}/pages/final-a`, { token })
    expect(bySlug.body.id).toBe(a.body.id)
  })

  it('answers bad input with 400 and an error id, never 500', async () => {
    const cases = [
      { rawBody: '{not json', headers: { 'content-type': 'application/json' } },
      { body: { title: 42 } },
      { body: { title: '' } },
      { body: { title: 'x'.repeat(500) } },
      { body: { title: 'has [brackets]' } },
      { body: [] },
    ]
    for (const options of cases) {
      const answer = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, ...options })
      expect(answer.status, JSON.stringify(options)).toBe(400)
      expect(answer.body.error.id).toMatch(/^invalid_/u)
    }
  })

  it('answers unknown pages and routes with a JSON 404', async () => {
    expect((await api(server.url, 'GET', '/api/pages/not-a-uuid', { token })).status).toBe(404)
    expect((await api(server.url, 'GET', '/api/pages/00000000-0000-4000-8000-000000000000', { token })).status).toBe(404)
    const route = await api(server.url, 'GET', '/api/no/such/route')
    expect(route).toMatchObject({ status: 404, body: { error: { id: 'not_found' } } })
  })

  it('deletes a page so it is gone from reads and lists', async () => {
    const page = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'Short-lived' } })
    expect((await api(server.url, 'DELETE', `/api/pages/${page.body.id}`, { token })).status).toBe(204)
    expect((await api(server.url, 'GET', `/api/pages/${page.body.id}`, { token })).status).toBe(404)
    const list = await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`, { token })
    expect(list.body.map((p: { id: string }) => p.id)).not.toContain(page.body.id)
  })
})
