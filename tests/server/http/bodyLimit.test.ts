import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_API_BODY_BYTES } from '../../../server/http/limitBody.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let token: string
let spaceId: string

beforeAll(async () => {
  server = await startTestServer()
  token = (await signUpUser(server.url)).token
  spaceId = (await createSpaceWithPage(server.url, token)).spaceId
})
afterAll(() => server.close())

/** An answer's status and parsed JSON body. */
async function read(response: IncomingMessage): Promise<{ status: number; body: any }> {
  let text = ''
  for await (const chunk of response) text += chunk
  return { status: response.statusCode ?? 0, body: JSON.parse(text) }
}

/** Starts a POST to the pages route of the space; the caller writes the body (or not). */
function startPost(headers: Record<string, string>): { request: ClientRequest; answer: Promise<IncomingMessage> } {
  const request = httpRequest(`${server.url}/api/spaces/${spaceId}/pages`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
  })
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve)
    request.once('error', reject)
  })
  return { request, answer }
}

describe('the API body limit', () => {
  it('answers 413 from the Content-Length alone, before the body is sent', async () => {
    const { request, answer } = startPost({ 'content-length': String(100 * MAX_API_BODY_BYTES) })
    // Only the first bytes go out; the server must answer without waiting for the rest.
    request.write('{"title":"')
    const response = await answer
    request.destroy()
    // The server will not read the rest to keep the connection: it closes it.
    expect(response.headers.connection).toBe('close')
    expect(await read(response)).toEqual({ status: 413, body: { error: { id: 'body_too_large', message: expect.any(String) } } })
  })

  it('answers 413 to a chunked body (no Content-Length) while it streams in, as soon as it passes the limit', async () => {
    const { request, answer } = startPost({})
    let answered = false
    void answer.then(() => { answered = true }, () => { answered = true })
    const chunk = Buffer.alloc(8 * 1024, 'a')
    let sent = 0
    // Never ends the body: the answer can only come from the server counting what arrived.
    while (!answered && sent < 64 * MAX_API_BODY_BYTES) {
      sent += chunk.length
      if (!request.write(chunk)) await new Promise((resolve) => { request.once('drain', resolve); void answer.then(resolve, resolve) })
    }
    const response = await answer
    request.destroy()
    expect(await read(response)).toMatchObject({ status: 413, body: { error: { id: 'body_too_large' } } })
    expect(sent).toBeLessThan(64 * MAX_API_BODY_BYTES)
  })

  it('counts bytes, not characters: a body of fewer characters than the limit but more bytes is refused', async () => {
    const title = 'ж'.repeat(Math.ceil(MAX_API_BODY_BYTES * 0.6))
    const body = JSON.stringify({ title })
    expect(body.length).toBeLessThan(MAX_API_BODY_BYTES)
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_API_BODY_BYTES)
    const answer = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, rawBody: body, headers: { 'content-type': 'application/json' } })
    expect(answer).toMatchObject({ status: 413, body: { error: { id: 'body_too_large' } } })
  })

  it('refuses an oversize body from an anonymous caller just the same, before authentication', async () => {
    const answer = await api(server.url, 'POST', '/api/auth/login', { rawBody: `{"username":"${'a'.repeat(MAX_API_BODY_BYTES)}"}`, headers: { 'content-type': 'application/json' } })
    expect(answer).toMatchObject({ status: 413, body: { error: { id: 'body_too_large' } } })
  })

  it('takes a body under the limit', async () => {
    const answer = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token, body: { title: 'Under the limit', padding: 'x'.repeat(MAX_API_BODY_BYTES / 2) } })
    expect(answer.status).toBe(201)
  })
})
