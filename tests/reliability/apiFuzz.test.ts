import { request } from 'node:http'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { features } from '../../server/features.ts'
import { createHttpApp } from '../../server/http/createHttpApp.ts'
import { CLIENT_DIR } from '../../server/http/serveClient.ts'
import { api, signUpUser } from '../support/api.ts'
import { startTestServer, type TestServer } from '../support/startTestServer.ts'
import { HOSTILE_PARAMS, HOSTILE_QUERIES, MALFORMED_BODIES, wrongTypedBody } from './support/hostileRequests.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom } from './support/scenarioSeed.ts'

const FULL = process.env.RELIABILITY_FULL === '1'
const RANDOM_REQUESTS = FULL ? 20_000 : 1500

let server: TestServer
let owner: { id: string; username: string; token: string }
let params: Record<string, string>
const figures = { requests: 0, traversals: 0, routes: 0 }

beforeAll(async () => {
  server = await startTestServer()
  owner = await signUpUser(server.url, 'owner')
  const member = await signUpUser(server.url, 'member')
  const space = await api(server.url, 'POST', '/api/spaces', { token: owner.token, body: { name: 'Fuzzed group', visibility: 'public' } })
  const page = await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { token: owner.token, body: { title: 'Fuzzed page' } })
  await api(server.url, 'PUT', `/api/spaces/${space.body.id}/members/${member.username}`, { token: owner.token, body: { role: 'editor' } })
  const revision = await api(server.url, 'POST', `/api/pages/${page.body.id}/revisions`, { token: owner.token, body: { name: 'first' } })
  params = {
    spaceId: space.body.id, pageId: page.body.id, username: member.username, slug: space.body.slug, pageSlug: page.body.slug,
    revisionId: revision.status === 201 ? String(revision.body.id) : '1',
  }
})

afterAll(async () => {
  await server?.close()
})

/** Every API route the running build serves (core and features), read from the Hono app itself. */
function apiRoutes(): { method: string; path: string }[] {
  const app = createHttpApp(server.palimpsest.services, features().flatMap((f) => f.routes ?? []))
  const seen = new Set<string>()
  return app.routes
    .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path.startsWith('/api/') && !r.path.includes('*'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }))
}

/** Routes whose effect would spoil the rest of the run (signing the owner out, deleting the page) take hostile parameters only. */
const DESTRUCTIVE = /^(DELETE|POST \/api\/auth\/logout)/u

function fill(path: string, hostile?: string): string {
  return path.replace(/:(\w+)/gu, (_, name: string) => hostile ?? params[name] ?? 'unknown')
}

/** Sends one request; returns a description of the answer when it breaks the rule (no 5xx, errors carry an id). */
async function probe(method: string, path: string, options: { body?: string; token?: string | null; headers?: Record<string, string> }): Promise<string | null> {
  figures.requests += 1
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const response = await fetch(`${server.url}${path}`, { method, headers, body: method === 'GET' ? undefined : options.body })
  // An event stream (the page tree's live updates) never ends: its status is the answer.
  if (response.ok && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel()
    return null
  }
  const text = await response.text()
  let body: { error?: { id?: unknown } } | null = null
  try { body = JSON.parse(text) } catch { /* checked below */ }
  if (response.status >= 500) return `${method} ${path.slice(0, 120)} → ${response.status} ${text.slice(0, 200)}`
  if (response.status >= 400 && (typeof body?.error?.id !== 'string' || body.error.id === '')) return `${method} ${path.slice(0, 120)} → ${response.status} without an error id: ${text.slice(0, 200)}`
  return null
}

describe('hostile input on the HTTP API', { timeout: 300_000 }, () => {
  it('every API route answers malformed JSON, wrong types, hostile parameters and queries with a 4xx carrying an error id, never a 500', async () => {
    const random = scenarioRandom('api-fuzz')
    const routes = apiRoutes()
    figures.routes = routes.length
    expect(routes.length).toBeGreaterThan(20)
    const failures: string[] = []
    const check = (answer: string | null) => { if (answer) failures.push(answer) }

    // Every route, every malformed body and wrong-typed bodies, with real parameters and a real session.
    for (const { method, path } of routes) {
      const destructive = DESTRUCTIVE.test(`${method} ${path}`)
      const filled = fill(path, destructive ? 'not-a-uuid' : undefined)
      const token = destructive ? null : owner.token
      if (method === 'GET') {
        for (const query of HOSTILE_QUERIES) check(await probe(method, `${filled}${query}`, { token }))
        continue
      }
      for (const body of MALFORMED_BODIES) check(await probe(method, filled, { body, token }))
      for (let i = 0; i < 5; i++) check(await probe(method, filled, { body: wrongTypedBody(random), token }))
      // Bodies that are not declared JSON are read as JSON all the same, or refused.
      check(await probe(method, filled, { body: '{"title":1}', token, headers: { 'content-type': 'text/plain' } }))
    }

    // Hostile path parameters on every route.
    for (const { method, path } of routes) {
      if (!path.includes(':')) continue
      const token = DESTRUCTIVE.test(`${method} ${path}`) ? null : owner.token
      for (const hostile of HOSTILE_PARAMS) check(await probe(method, fill(path, hostile), { body: wrongTypedBody(random), token }))
    }

    // Random mixtures: any route, hostile or real parameters, any body, any caller (none, owner, a made-up token, a junk cookie).
    for (let i = 0; i < RANDOM_REQUESTS; i++) {
      const { method, path } = random.pick(routes)
      const hostile = DESTRUCTIVE.test(`${method} ${path}`) || random.chance(0.3) ? random.pick(HOSTILE_PARAMS) : undefined
      const query = method === 'GET' && random.chance(0.5) ? random.pick(HOSTILE_QUERIES) : ''
      const body = random.chance(0.5) ? random.pick(MALFORMED_BODIES) : wrongTypedBody(random)
      const caller = DESTRUCTIVE.test(`${method} ${path}`) ? random.pick([0, 2, 3]) : random.int(0, 3)
      check(await probe(method, `${fill(path, hostile)}${query}`, {
        body,
        token: caller === 1 ? owner.token : caller === 2 ? 'made-up-token' : null,
        headers: caller === 3 ? { cookie: `palimpsest_session=${random.pick(['junk', '', '%00', 'x'.repeat(5000)])}` } : {},
      }))
    }

    expect(failures).toEqual([])
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200)
    recordFigures({
      scenario: 'api-fuzz',
      title: 'Malformed JSON, wrong types, hostile path parameters, queries and credentials on every API route',
      seed: random.seed,
      faults: '—',
      inputs: `${figures.requests} requests over ${figures.routes} routes`,
      editsLost: null,
      recoveryMs: null,
      notes: `${failures.length} answers were 5xx or lacked an error id`,
    })
  })

  it('over-long or malformed usernames, titles and space names are refused with 400 and an error id', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/auth/signup', { username: 'a'.repeat(300), password: 'correct horse battery' }],
      ['POST', '/api/auth/signup', { username: '<script>alert(1)</script>', password: 'correct horse battery' }],
      ['POST', '/api/auth/signup', { username: 'fine_name', password: 'p'.repeat(10_000) }],
      ['POST', '/api/auth/login', { username: 'a'.repeat(10_000), password: 'whatever' }],
      ['POST', '/api/spaces', { name: 'n'.repeat(1000), visibility: 'private' }],
      ['POST', `/api/spaces/${params.spaceId}/pages`, { title: 't'.repeat(10_000) }],
      ['POST', `/api/spaces/${params.spaceId}/pages`, { title: '' }],
      ['PATCH', `/api/pages/${params.pageId}`, { title: 't'.repeat(10_000) }],
    ]
    for (const [method, path, body] of cases) {
      figures.requests += 1
      const answer = await api(server.url, method, path, { token: path.startsWith('/api/auth/') ? null : owner.token, body })
      expect({ path, status: answer.status, hasId: typeof answer.body?.error?.id === 'string' }).toEqual({ path, status: 400, hasId: true })
    }
  })

  it('path traversal against the static files never serves a file from outside the built client', async () => {
    const index = readFileSync(`${CLIENT_DIR}index.html`, 'utf8')
    const secrets = [/"name":\s*"palimpsest"/u, /root:x:0:0/u, /createPalimpsest/u, /DATABASE_URL/u, /BEGIN [A-Z ]*PRIVATE KEY/u]
    const paths = [
      '/../package.json', '/..%2fpackage.json', '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e%2fpackage.json',
      '/assets/../../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/..%5c..%5cpackage.json',
      '/assets/....//....//package.json', '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json', '/assets/%252e%252e/%252e%252e/package.json',
      '//etc/passwd', '/assets//etc/passwd', '/assets/%00../../package.json', '/..\\..\\package.json', '/assets/..;/..;/package.json',
      '/favicon.svg/../../server/main.ts', '/assets/../server/main.ts', '/.env', '/.git/config', '/../tsconfig.json', '/%2e%2e/server/config.ts',
    ]
    const leaks: string[] = []
    for (const path of paths) {
      figures.traversals += 1
      const { status, body } = await rawGet(server.url, path)
      expect(status).toBeLessThan(500)
      if (secrets.some((secret) => secret.test(body))) leaks.push(`${path} → ${status}`)
      // What comes back is the app's own page, a real built file or an error, nothing else.
      if (status === 200 && body !== index) leaks.push(`${path} → 200 with ${body.length} bytes that are not index.html`)
    }
    expect(leaks).toEqual([])
    recordFigures({
      scenario: 'api-limits',
      title: 'Over-long names and titles; path traversal against the static files',
      seed: null,
      faults: '—',
      inputs: `8 over-long or malformed names and titles, ${figures.traversals} traversal paths`,
      editsLost: null,
      recoveryMs: null,
      notes: 'every over-long value refused with 400 and an error id; no traversal served anything but index.html or an error',
    })
  })
})

/** A GET whose path is sent exactly as written (fetch would resolve the dot segments first). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
