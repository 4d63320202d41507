import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let token: string
let place: { spaceId: string; pageId: string }

beforeAll(async () => {
  server = await startTestServer()
  token = (await signUpUser(server.url)).token
  place = await createSpaceWithPage(server.url, token, { title: 'Strike' })
})
afterAll(() => server.close())

/**
 * Expects the one error format: exactly `{ error: { id, message } }` — plus `problems` for a
 * schema's refusal, the first of them the message's — with this status and id, the message
 * starting with `field: `.
 */
function expectRefusal(answer: { status: number; body: any }, status: number, id: string, field?: string): void {
  expect(answer.status).toBe(status)
  expect(Object.keys(answer.body)).toEqual(['error'])
  const { problems, ...rest } = answer.body.error
  expect(Object.keys(rest).sort()).toEqual(['id', 'message'])
  if (problems !== undefined) expect(`${problems[0].field}: ${problems[0].message}`).toBe(answer.body.error.message)
  expect(answer.body.error.id).toBe(id)
  if (field) expect(answer.body.error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `, 'u'))
}

describe('request validation', () => {
  it('a bad query value is a 400 invalid_input naming the parameter, on every route family', async () => {
    expectRefusal(await api(server.url, 'GET', '/api/search?q=strike&limit=many', { token }), 400, 'invalid_input', 'limit')
    expectRefusal(await api(server.url, 'GET', `/api/spaces/${place.spaceId}/changes?limit=0`, { token }), 400, 'invalid_input', 'limit')
    expectRefusal(await api(server.url, 'GET', `/api/spaces/${place.spaceId}/wanted?limit=-1`, { token }), 400, 'invalid_input', 'limit')
    expectRefusal(await api(server.url, 'GET', `/api/pages/${place.pageId}/revisions?before=first`, { token }), 400, 'invalid_input', 'before')
    expectRefusal(await api(server.url, 'GET', `/api/spaces/${place.spaceId}/resolve`, { token }), 400, 'invalid_input', 'title')
  })

  it('a parameter given twice where one value is expected is refused the same way on every route', async () => {
    expectRefusal(await api(server.url, 'GET', '/api/search?q=strike&q=leaflet', { token }), 400, 'invalid_input', 'q')
    expectRefusal(await api(server.url, 'GET', `/api/spaces/${place.spaceId}/changes?limit=5&limit=6`, { token }), 400, 'invalid_input', 'limit')
    expectRefusal(await api(server.url, 'GET', `/api/spaces/${place.spaceId}/titles?prefix=a&prefix=b`, { token }), 400, 'invalid_input', 'prefix')
    expectRefusal(await api(server.url, 'GET', `/api/pages/${place.pageId}/blame?revision=a&revision=b`, { token }), 400, 'invalid_input', 'revision')
  })

  it('a parameter meant to repeat takes one value or several', async () => {
    const one = await api(server.url, 'GET', `/api/spaces/${place.spaceId}/resolutions?target=Strike`, { token })
    expect(one.status).toBe(200)
    expect(one.body).toHaveLength(1)
    const two = await api(server.url, 'GET', `/api/spaces/${place.spaceId}/resolutions?target=Strike&target=Nowhere`, { token })
    expect(two.status).toBe(200)
    expect(two.body).toHaveLength(2)
  })

  it('a bad body field is a 400 invalid_input naming the field', async () => {
    expectRefusal(await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, body: { title: 42 } }), 400, 'invalid_input', 'title')
    expectRefusal(await api(server.url, 'POST', '/api/spaces', { token, body: { name: 'Group', visibility: 'secret' } }), 400, 'invalid_input', 'visibility')
    expectRefusal(await api(server.url, 'POST', `/api/pages/${place.pageId}/revisions`, { token, body: { name: 'x'.repeat(101) } }), 400, 'invalid_input', 'name')
    expectRefusal(await api(server.url, 'POST', '/api/auth/signup', { body: { username: 'ab', password: 'correct horse battery' } }), 400, 'invalid_input', 'username')
  })

  it('a body of the wrong shape is a 400 naming the body; malformed JSON a 400 invalid_json; another media type a 415', async () => {
    expectRefusal(await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, body: ['Strike'] }), 400, 'invalid_input', 'body')
    const malformed = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, rawBody: '{"title":', headers: { 'content-type': 'application/json' } })
    expectRefusal(malformed, 400, 'invalid_json')
    const form = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, rawBody: 'title=Strike', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expectRefusal(form, 415, 'unsupported_media_type')
    const text = await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token, rawBody: '{"title":"Strike 2"}', headers: { 'content-type': 'text/plain' } })
    expectRefusal(text, 415, 'unsupported_media_type')
  })

  it('no body at all is checked as an empty object: refused where fields are required, taken where none are', async () => {
    expectRefusal(await api(server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token }), 400, 'invalid_input', 'title')
    const version = await api(server.url, 'POST', `/api/pages/${place.pageId}/revisions`, { token })
    expect(version.status).toBe(201)
    expect(version.body).toMatchObject({ name: null, summary: null })
  })
})
