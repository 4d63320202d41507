import { OpenAPIHono } from '@hono/zod-openapi'
import type { RouteModule } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { answerError } from './answerError.ts'
import { authenticate } from './authenticate.ts'
import { createApiRouter } from './createApiRouter.ts'
import type { HttpEnv } from '../core/HttpEnv.ts'
import { limitBody, MAX_ARCHIVE_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from './limitBody.ts'
import { metricsRoutes } from './metricsRoutes.ts'
import { authRoutes } from './routes/authRoutes.ts'
import { healthRoutes } from './routes/healthRoutes.ts'
import { openApiRoutes } from './routes/openApiRoutes.ts'
import { pageRoutes } from './routes/pageRoutes.ts'
import { spaceRoutes } from './routes/spaceRoutes.ts'
import { securityHeaders } from './securityHeaders.ts'
import { serveClient } from './serveClient.ts'

/** Routes whose body is an upload, not JSON. */
const UPLOAD_PATH = /^\/api\/pages\/[^/]+\/attachments$/u
const IMPORT_PATH = /^\/api\/spaces\/[^/]+\/import$/u
/** Where a space's source library imports BibTeX, RIS or CSL-JSON (docs/CITATIONS.md). */
const SOURCES_IMPORT_PATH = /^\/api\/spaces\/[^/]+\/sources\/import$/u

/**
 * The HTTP side: the JSON API under /api (thin routes: validate, authorize, command,
 * present) with its OpenAPI document, /metrics when a token is set, and the built client for
 * everything else. Errors become `{ error: { id, message } }` here and nowhere else.
 */
export function createHttpApp(services: Services, extraRoutes: RouteModule[] = []): OpenAPIHono<HttpEnv> {
  const app = new OpenAPIHono<HttpEnv>()
  app.use('*', securityHeaders)

  const api = createApiRouter()
  // Before anything reads a body, and before authentication spends a database query on it.
  const jsonLimit = limitBody()
  const archiveLimit = limitBody(MAX_ARCHIVE_BODY_BYTES)
  // Source imports (a whole bibliography file, JSON) get a larger limit than other JSON.
  const sourcesLimit = limitBody(MAX_IMPORT_BODY_BYTES)
  // An import's body is a zip: it gets a larger limit than JSON (docs/TRANSFER.md, "Limits").
  // Uploads set their own, larger limit (and stream the body rather than hold it).
  api.use('*', (c, next) => {
    if (UPLOAD_PATH.test(c.req.path)) return next()
    if (c.req.method !== 'POST') return jsonLimit(c, next)
    if (IMPORT_PATH.test(c.req.path)) return archiveLimit(c, next)
    return (SOURCES_IMPORT_PATH.test(c.req.path) ? sourcesLimit : jsonLimit)(c, next)
  })
  api.route('/', healthRoutes(services))
  api.route('/', openApiRoutes(() => app))
  api.use('*', authenticate(services))
  for (const routes of [authRoutes, spaceRoutes, pageRoutes, ...extraRoutes]) api.route('/', routes(services))
  api.all('*', (c) => c.json({ error: { id: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } }, 404))
  app.route('/api', api)

  // On the main port only with a token; the separate METRICS_PORT listener serves it without one.
  if (services.config.metrics.token) app.route('/', metricsRoutes(services, services.config.metrics.token))
  else app.all('/metrics', (c) => c.json({ error: { id: 'not_found', message: 'Metrics are not served here.' } }, 404))

  app.route('/', serveClient())
  app.onError(answerError(services.logger))
  return app
}
