import { Hono } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import type { Services } from '../Services.ts'

const refusal = (message: string) => ({ message: { error: { id: 'unauthenticated', message } } })

/**
 * `GET /metrics` in Prometheus text format. With a `token`, only callers that send it as
 * `Authorization: Bearer <token>` (compared in constant time); without one, anyone who can
 * reach the listener this is mounted on (the separate METRICS_PORT listener only).
 */
export function metricsRoutes(services: Services, token: string | undefined): Hono {
  const app = new Hono()
  if (token) {
    app.use('/metrics', bearerAuth({
      token,
      noAuthenticationHeader: refusal('Send the metrics token as a bearer token.'),
      invalidAuthenticationHeader: refusal('Send the metrics token as a bearer token.'),
      invalidToken: refusal('That is not the metrics token.'),
    }))
  }
  app.get('/metrics', async (c) => {
    const { metrics, hocuspocus, updateLog } = services
    metrics.connections.set(hocuspocus.getConnectionsCount())
    metrics.documents.set(hocuspocus.getDocumentsCount())
    metrics.logBacklog.set(updateLog.backlog)
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })
  })
  return app
}
