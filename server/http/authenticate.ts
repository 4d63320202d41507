import type { MiddlewareHandler } from 'hono'
import { resolveActor } from '../accounts/resolveActor.ts'
import { bearerToken, sessionTokenFromCookie } from '../accounts/sessionCookie.ts'
import type { Services } from '../Services.ts'
import { AppError } from './AppError.ts'
import type { HttpEnv } from './HttpEnv.ts'
import { originAllowed } from './originAllowed.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Resolves the actor of every API request (bearer token for scripts, session cookie for
 * browsers) and refuses cookie-authenticated mutations from another origin (CSRF).
 */
export function authenticate(services: Services): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const bearer = bearerToken(c.req.header('authorization'))
    const cookie = bearer ? null : sessionTokenFromCookie(c.req.header('cookie'))
    const origin = c.req.header('origin')
    // A browser sends Origin on every cross-site mutation; cookie-authenticated ones must carry ours.
    if (!SAFE_METHODS.has(c.req.method) && (cookie || origin) && !originAllowed(origin, c.req.header('host'), services.config.publicOrigin)) {
      throw new AppError(403, 'cross_origin', 'This request came from another site and was refused.')
    }
    const token = bearer ?? cookie
    c.set('actor', await resolveActor(services.db, token))
    c.set('sessionToken', token)
    c.set('cookieAuth', cookie !== null)
    await next()
  }
}
