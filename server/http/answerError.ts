import type { ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '../core/logger.ts'
import { AppError } from '../core/AppError.ts'

/** Error ids of the HTTP errors Hono's own middleware throws (validators, media type gate). */
const HTTP_EXCEPTION_IDS: Record<number, string> = { 400: 'invalid_json', 401: 'unauthenticated', 413: 'body_too_large', 415: 'unsupported_media_type' }

/** The SQLSTATE of a Postgres error, if it is one. */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * The one place errors become answers: `{ error: { id, message } }` with the status of an
 * AppError or of Hono's HTTPException; a value the database refused (SQLSTATE class 22) is a
 * 400; a unique violation that got past a command's own check (two requests racing for one
 * name) is a 409; anything else is logged and a 500.
 */
export function answerError(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof AppError) {
      const problems = error.problems ? { problems: error.problems } : {}
      return c.json({ error: { id: error.id, message: error.message, ...problems } }, error.status as 400)
    }
    if (error instanceof HTTPException) {
      // Middleware that built its own answer (bearer auth) keeps it; the rest get our format.
      if (error.res) return error.getResponse()
      const id = HTTP_EXCEPTION_IDS[error.status] ?? 'invalid_request'
      const message = error.status === 415 ? 'The request body must be JSON (Content-Type: application/json).' : error.message
      return c.json({ error: { id, message } }, error.status)
    }
    const state = sqlState(error)
    if (state?.startsWith('22')) {
      // A path or query value the database cannot take (not a uuid, a NUL byte…) slipped past a check: still bad input.
      logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'the database refused a value from the request')
      return c.json({ error: { id: 'invalid_input', message: 'A value in the request is not valid.' } }, 400)
    }
    if (state === '23505') {
      logger.info({ err: error, method: c.req.method, path: c.req.path }, 'a concurrent request took the same name first')
      return c.json({ error: { id: 'conflict', message: 'That clashes with something created at the same moment; reload and try again.' } }, 409)
    }
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed')
    return c.json({ error: { id: 'internal', message: 'Something went wrong on the server; it has been logged.' } }, 500)
  }
}
