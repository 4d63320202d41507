import type { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { ANONYMOUS } from '../accounts/Actor.ts'
import { resolveActor } from '../accounts/resolveActor.ts'
import { bearerToken, SESSION_COOKIE, sessionTokenFromCookie } from '../accounts/sessionCookie.ts'
import type { Services } from '../Services.ts'
import { AppError } from './AppError.ts'
import type { HttpEnv } from './HttpEnv.ts'
import { originAllowed } from './originAllowed.ts'
import { requestTarget } from './requestTarget.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Resolves the actor of every API request (bearer token for scripts, session cookie for
 * browsers) and refuses mutations that carry our cookie, or any Origin, from another site
 * (CSRF, login CSRF). A bearer token that opens no live session is a 401, so a script
 * notices instead of quietly reading as an anonymous visitor; a stale cookie is dropped
 * and the browser carries on as an anonymous reader.
 */
export function authenticate(services: Services): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const bearer = bearerToken(c.req.header('authorization'))
    const cookie = bearer ? null : sessionTokenFromCookie(c.req.header('cookie'))
    const origin = c.req.header('origin')
    // Browsers send Origin with every POST, PUT, PATCH and DELETE; cookie-authenticated ones must carry ours.
    const target = requestTarget((c.env as { incoming?: IncomingMessage } | undefined)?.incoming, c.req.url)
    if (!SAFE_METHODS.has(c.req.method) && (cookie || origin) && !originAllowed(origin, target, services.config.publicOrigin)) {
      throw new AppError(403, 'cross_origin', 'This request came from another site and was refused.')
    }
    const token = bearer ?? cookie
    let actor = await resolveActor(services.db, token)
    if (!actor) {
      const signingOut = c.req.method === 'POST' && c.req.path.endsWith('/auth/logout')
      if (bearer && !signingOut) throw new AppError(401, 'session_ended', 'Your session has ended (signed out or expired); sign in again.')
      if (cookie) deleteCookie(c, SESSION_COOKIE, { path: '/' })
      actor = ANONYMOUS
    }
    c.set('actor', actor)
    c.set('sessionToken', actor.userId ? token : null)
    c.set('cookieAuth', cookie !== null)
    await next()
  }
}
