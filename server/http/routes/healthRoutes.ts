import { Hono } from 'hono'
import type { Services } from '../../core/Services.ts'
import { AppError } from '../../core/AppError.ts'

/** `GET /api/health`: ok once the database answers. */
export function healthRoutes(services: Services): Hono {
  return new Hono().get('/health', async (c) => {
    try {
      await services.db.query('SELECT 1')
    } catch {
      throw new AppError(503, 'database_unavailable', 'The database does not answer.')
    }
    return c.json({ status: 'ok' })
  })
}
