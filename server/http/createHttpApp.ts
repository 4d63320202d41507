import { Hono } from 'hono'
import type { RouteModule } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { AppError } from '../core/AppError.ts'
import { authenticate } from './authenticate.ts'
import type { HttpEnv } from '../core/HttpEnv.ts'
import { authRoutes } from './routes/authRoutes.ts'
import { healthRoutes } from './routes/healthRoutes.ts'
import { pageRoutes } from './routes/pageRoutes.ts'
import { spaceRoutes } from './routes/spaceRoutes.ts'
import { securityHeaders } from './securityHeaders.ts'
import { serveClient } from './serveClient.ts'

/**
 * The HTTP side: the JSON API under /api (thin routes: validate, authorize, command,
 * present), /metrics, and the built client for everything else. Errors become
 * `{ error: { id, message } }` here and nowhere else.
 */
export function createHttpApp(services: Services, extraRoutes: RouteModule[] = []): Hono {
  const app = new Hono()
  app.use('*', securityHeaders)

  const api = new Hono<HttpEnv>()
  api.route('/', healthRoutes(services))
  api.use('*', authenticate(services))
  for (const routes of [authRoutes, spaceRoutes, pageRoutes, ...extraRoutes]) api.route('/', routes(services))
  api.all('*', (c) => c.json({ error: { id: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } }, 404))
  app.route('/api', api)

  app.get('/metrics', async (c) => {
    const { metrics, hocuspocus, updateLog } = services
    metrics.connections.set(hocuspocus.getConnectionsCount())
    metrics.documents.set(hocuspocus.getDocumentsCount())
    metrics.logBacklog.set(updateLog.backlog)
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })
  })

  app.route('/', serveClient())

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json({ error: { id: error.id, message: error.message } }, error.status as 400)
    if (isDataException(error)) {
      // A path or query value the database cannot take (not a uuid, a NUL byte…) slipped past a check: still bad input.
      services.logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'the database refused a value from the request')
      return c.json({ error: { id: 'invalid_input', message: 'A value in the request is not valid.' } }, 400)
    }
    services.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed')
    return c.json({ error: { id: 'internal', message: 'Something went wrong on the server; it has been logged.' } }, 500)
  })
  return app
}

/** Postgres SQLSTATE class 22 (data exception): a value of the wrong form or range, e.g. 22P02 for a malformed uuid. */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && code.startsWith('22')
}
