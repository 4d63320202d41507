import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { api, signUpUser } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const TOKEN = 'metrics-token-for-the-test-0123'

async function metricsAnswer(url: string, authorization?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} })
  return { status: response.status, text: await response.text() }
}

describe('/metrics', () => {
  describe('with neither METRICS_TOKEN nor METRICS_PORT', () => {
    let server: TestServer
    beforeAll(async () => { server = await startTestServer() })
    afterAll(() => server.close())

    it('is not served at all (404), to anyone', async () => {
      const user = await signUpUser(server.url)
      expect((await metricsAnswer(server.url)).status).toBe(404)
      expect((await metricsAnswer(server.url, `Bearer ${user.token}`)).status).toBe(404)
    })
  })

  describe('with METRICS_TOKEN', () => {
    let server: TestServer
    beforeAll(async () => { server = await startTestServer({ env: { METRICS_TOKEN: TOKEN } }) })
    afterAll(() => server.close())

    it('serves the Prometheus metrics to a caller with the token', async () => {
      const answer = await metricsAnswer(server.url, `Bearer ${TOKEN}`)
      expect(answer.status).toBe(200)
      expect(answer.text).toContain('palimpsest_connections')
      expect(answer.text).toContain('palimpsest_updates_total')
      expect(answer.text).toContain('palimpsest_store_seconds')
    })

    it('refuses an anonymous caller, a wrong token and a signed-in user’s session token with 401, showing no metric', async () => {
      const user = await signUpUser(server.url)
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${user.token}`]) {
        const answer = await metricsAnswer(server.url, authorization)
        expect(answer.status, authorization).toBe(401)
        expect(answer.text).not.toContain('palimpsest_')
        expect(JSON.parse(answer.text)).toMatchObject({ error: { id: 'unauthenticated' } })
      }
      const basic = await metricsAnswer(server.url, `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)
      expect(basic.status).toBe(400)
      expect(basic.text).not.toContain('palimpsest_')
    })
  })

  describe('with METRICS_PORT', () => {
    let server: TestServer
    let metricsUrl: string
    beforeAll(async () => {
      server = await startTestServer({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' } })
      metricsUrl = `http://127.0.0.1:${(server.palimpsest.metricsServer!.address() as AddressInfo).port}`
    })
    afterAll(() => server.close())

    it('serves them on that listener only: the main port answers 404', async () => {
      const answer = await metricsAnswer(metricsUrl)
      expect(answer.status).toBe(200)
      expect(answer.text).toContain('palimpsest_connections')
      expect((await metricsAnswer(server.url)).status).toBe(404)
    })

    it('serves nothing else on the metrics listener', async () => {
      expect((await fetch(`${metricsUrl}/api/health`)).status).toBe(404)
      expect((await api(server.url, 'GET', '/api/health')).status).toBe(200)
    })
  })
})
