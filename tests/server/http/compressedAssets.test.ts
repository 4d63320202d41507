import { randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_DIR } from '../../../server/http/serveClient.ts'
import { requirePart } from '../../support/requirements.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const ASSETS = `${CLIENT_DIR}assets/`
const ready = requirePart(existsSync(`${CLIENT_DIR}index.html`), 'the built client', 'run `npm run build` first')

/** The largest built script: the one whose transfer size matters most. */
function largestScript(): string {
  const scripts = readdirSync(ASSETS).filter((name) => name.endsWith('.js') && existsSync(`${ASSETS}${name}.br`))
  return scripts.sort((a, b) => readFileSync(`${ASSETS}${b}`).byteLength - readFileSync(`${ASSETS}${a}`).byteLength)[0]
}

interface RawAnswer { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** A request sent exactly as written, its body as the bytes that crossed the wire (fetch would decode them). */
function rawRequest(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The body as the browser would read it after undoing Content-Encoding. */
function decoded(answer: RawAnswer): Buffer {
  const encoding = answer.headers['content-encoding']
  if (encoding === 'br') return brotliDecompressSync(answer.body)
  if (encoding === 'gzip') return gunzipSync(answer.body)
  expect(encoding).toBeUndefined()
  return answer.body
}

describe.skipIf(!ready)('the built client served precompressed', () => {
  let server: TestServer
  let script: string
  let original: Buffer

  beforeAll(async () => {
    server = await startTestServer()
    script = largestScript()
    original = readFileSync(`${ASSETS}${script}`)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('sends the Brotli copy to a browser that accepts it, cached for a year and varying by Accept-Encoding', async () => {
    const answer = await rawRequest(server.url, `/assets/${script}`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-encoding']).toBe('br')
    expect(answer.headers['vary']).toBe('Accept-Encoding')
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/)
    expect(Number(answer.headers['content-length'])).toBe(answer.body.byteLength)
    expect(answer.body.byteLength).toBeLessThan(original.byteLength / 2)
    expect(decoded(answer).equals(original)).toBe(true)
  })

  it('sends gzip to a client that only takes gzip, and the raw file to one that takes nothing', async () => {
    const gzip = await rawRequest(server.url, `/assets/${script}`, { 'Accept-Encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(decoded(gzip).equals(original)).toBe(true)

    const plain = await rawRequest(server.url, `/assets/${script}`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['vary']).toBe('Accept-Encoding')
    expect(plain.body.equals(original)).toBe(true)
  })

  it('honours quality values and never sends an encoding the request refused, whatever the header holds', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['br;q=0, gzip;q=0', undefined],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['*', 'br'],
      ['*;q=0, identity', undefined],
      ['identity', undefined],
      ['BR', 'br'],
      ['br;q=abc, gzip;q=', 'gzip'],
      [`${'x,'.repeat(3000)}gzip`, 'gzip'],
      [';;;,,,=q;q=;br=gzip', undefined],
      ['zstd, compress, deflate', undefined],
    ]
    const label = (header: string) => (header.length > 60 ? `${header.slice(0, 20)}… (${header.length} characters)` : header)
    for (const [header, expected] of cases) {
      const answer = await rawRequest(server.url, `/assets/${script}`, { 'Accept-Encoding': header })
      expect({ header: label(header), status: answer.status, encoding: answer.headers['content-encoding'] })
        .toEqual({ header: label(header), status: 200, encoding: expected })
      expect(decoded(answer).equals(original)).toBe(true)
    }
  })

  it('falls back to the raw file when no precompressed copy exists', async () => {
    const name = `fallback-${randomUUID()}.js`
    writeFileSync(`${ASSETS}${name}`, 'export const fallback = 1\n')
    try {
      const answer = await rawRequest(server.url, `/assets/${name}`, { 'Accept-Encoding': 'br, gzip' })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-encoding']).toBeUndefined()
      expect(answer.headers['vary']).toBeUndefined()
      expect(answer.body.toString()).toBe('export const fallback = 1\n')
    } finally {
      rmSync(`${ASSETS}${name}`, { force: true })
    }
  })

  it('answers 404 for a built file deleted while the server runs (a rebuild), though it served it before', async () => {
    const name = `gone-${randomUUID()}.js`
    writeFileSync(`${ASSETS}${name}`, 'export const gone = 1\n')
    try {
      expect((await rawRequest(server.url, `/assets/${name}`)).status).toBe(200)
    } finally {
      rmSync(`${ASSETS}${name}`, { force: true })
    }
    for (const method of ['GET', 'HEAD', 'GET']) {
      const answer = await rawRequest(server.url, `/assets/${name}`, {}, method)
      expect({ method, status: answer.status, cache: answer.headers['cache-control'] }).toEqual({ method, status: 404, cache: 'no-store' })
    }
  })

  it('answers a HEAD with the length of the copy a GET would send, and no body', async () => {
    const head = await rawRequest(server.url, `/assets/${script}`, { 'Accept-Encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-encoding']).toBe('br')
    expect(Number(head.headers['content-length'])).toBe(readFileSync(`${ASSETS}${script}.br`).byteLength)
    expect(head.body.byteLength).toBe(0)
  })

  it('answers 404 for a missing or malformed asset name, never the app page or a file outside the assets', async () => {
    const index = readFileSync(`${CLIENT_DIR}index.html`)
    const paths = [
      '/assets/missing-chunk-0000.js', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/assets/..%5cindex.html', `/assets/${script}%00.br`, '/assets/.hidden', `/assets/${script}/`, '/assets/',
    ]
    for (const path of paths) {
      const answer = await rawRequest(server.url, path, { 'Accept-Encoding': 'br, gzip' })
      expect({ path, status: answer.status, isIndex: answer.body.equals(index) }).toEqual({ path, status: 404, isIndex: false })
      expect(answer.headers['cache-control']).toBe('no-store')
    }
  })

  it('keeps the app page uncached so a new build is picked up on the next visit', async () => {
    const answer = await rawRequest(server.url, '/p/some-page', { 'Accept-Encoding': 'br' })
    expect(answer.status).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-cache')
  })
})
