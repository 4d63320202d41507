import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let document: any

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']

/** Every `/api` route the running app serves, as `METHOD /api/path/{param}` (the catch-all 404 left out). */
function appRoutes(): string[] {
  return server.palimpsest.httpApp.routes
    .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/gu, '{$1}')}`)
}

/** Every operation the document describes, in the same form. */
function documentedRoutes(): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) => Object.keys(item).filter((key) => METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`))
}

beforeAll(async () => {
  server = await startTestServer()
  const answer = await api(server.url, 'GET', '/api/openapi.json')
  expect(answer.status).toBe(200)
  document = answer.body
})
afterAll(() => server.close())

describe('the OpenAPI document at /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document, served to anyone', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(document.info.title).toBe('Palimpsest API')
  })

  it('is the same document for every caller, and shows no data: a member gets what an anonymous reader gets', async () => {
    const member = await signUpUser(server.url, 'member')
    await createSpaceWithPage(server.url, member.token, { visibility: 'private', title: 'Secret minutes' })
    const theirs = await api(server.url, 'GET', '/api/openapi.json', { token: member.token })
    expect(theirs.body).toEqual(document)
    expect(JSON.stringify(theirs.body)).not.toContain('Secret minutes')
  })

  it('describes every /api route of the app, and nothing the app does not serve', () => {
    const served = appRoutes()
    expect(served.length).toBeGreaterThan(30)
    expect(new Set(documentedRoutes())).toEqual(new Set(served))
  })

  it('declares each path parameter of each route', () => {
    const missing: string[] = []
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      const names = [...path.matchAll(/\{(\w+)\}/gu)].map((m) => m[1])
      for (const [method, operation] of Object.entries(item)) {
        const declared = new Set((operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name))
        for (const name of names) if (!declared.has(name)) missing.push(`${method} ${path}: ${name}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('is generated from the schemas the routes validate with: bodies, query parameters and the error format', () => {
    const createPage = document.paths['/api/spaces/{spaceId}/pages'].post
    expect(createPage.requestBody.content['application/json'].schema.required).toEqual(['title'])
    expect(createPage.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error')
    const search = document.paths['/api/search'].get.parameters
    expect(search.find((p: any) => p.name === 'q')).toMatchObject({ in: 'query', required: true })
    expect(search.find((p: any) => p.name === 'limit')).toMatchObject({ in: 'query', required: false })
    const signup = document.paths['/api/auth/signup'].post.requestBody.content['application/json'].schema
    expect(Object.keys(signup.properties).sort()).toEqual(['password', 'username'])
    expect(document.components.schemas.Error.properties.error.required.sort()).toEqual(['id', 'message'])
  })
})
