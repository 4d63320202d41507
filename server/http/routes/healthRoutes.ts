import { createRoute } from '@hono/zod-openapi'
import type { Services } from '../../Services.ts'
import { AppError } from '../AppError.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'

/** `GET /api/health`: ok once the database answers. */
export function healthRoutes(services: Services) {
  return createApiRouter().openapi(createRoute({
    method: 'get', path: '/health', tags: ['Service'], summary: 'Whether the server and its database answer',
    responses: { ...answers({ 200: '`{"status":"ok"}`.' }), 503: { description: 'The database does not answer.' } },
  }), async (c) => {
    try {
      await services.db.query('SELECT 1')
    } catch {
      throw new AppError(503, 'database_unavailable', 'The database does not answer.')
    }
    return c.json({ status: 'ok' })
  })
}
