import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { credentialsBody, loginBody } from '../../../shared/apiSchemas.ts'
import { invalidCredentials, logIn } from '../../accounts/logIn.ts'
import { logOut } from '../../accounts/logOut.ts'
import { RateLimiter } from '../../accounts/RateLimiter.ts'
import { SESSION_COOKIE } from '../../accounts/sessionCookie.ts'
import { SESSION_LIFETIME_MS } from '../../accounts/sessionQueries.ts'
import { signUp } from '../../accounts/signUp.ts'
import { usernameKey } from '../../accounts/userQueries.ts'
import type { Services } from '../../Services.ts'
import { AppError, tooManyRequests, unauthenticated } from '../AppError.ts'
import { clientAddress } from '../clientAddress.ts'
import type { HttpEnv } from '../HttpEnv.ts'
import { readBody } from '../readBody.ts'

const MINUTE = 60_000

/**
 * Rate limits of sign-in and sign-up, per process. Generous per address, because a whole
 * class may sign up from one school network; strict per username, against guessing one
 * account's password (failed sign-ins only, the same for unknown names and real ones).
 */
export const AUTH_LIMITS = {
  signInsPerAddress: { limit: 30, windowMs: MINUTE },
  failedSignInsPerUsername: { limit: 10, windowMs: 15 * MINUTE },
  signUpsPerAddress: { limit: 50, windowMs: 60 * MINUTE },
  signUpsPerUsername: { limit: 5, windowMs: MINUTE },
}

function limiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  return new RateLimiter(limit, windowMs)
}

/** Refuses with 429 and a Retry-After header when `wait` (ms) is not 0. */
function refuseIfLimited(c: Context, wait: number): void {
  if (wait === 0) return
  const seconds = Math.ceil(wait / 1000)
  c.header('Retry-After', String(seconds))
  throw tooManyRequests(`Too many attempts; try again in ${seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`)
}

/** The cookie browsers carry: HttpOnly, SameSite=Lax, and Secure whenever the site is reached over HTTPS. */
function setSessionCookie(services: Services, c: Context, token: string): void {
  const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
    || services.config.publicOrigin?.startsWith('https:') === true
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: https,
    path: '/',
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  })
}

/** Sign-up, sign-in, sign-out and "who am I". */
export function authRoutes(services: Services): Hono<HttpEnv> {
  const signInsPerAddress = limiter(AUTH_LIMITS.signInsPerAddress)
  const failedSignIns = limiter(AUTH_LIMITS.failedSignInsPerUsername)
  const signUpsPerAddress = limiter(AUTH_LIMITS.signUpsPerAddress)
  const signUpsPerUsername = limiter(AUTH_LIMITS.signUpsPerUsername)
  return new Hono<HttpEnv>()
    .post('/auth/signup', async (c) => {
      const body = await readBody(c, credentialsBody)
      refuseIfLimited(c, signUpsPerUsername.blockedFor(usernameKey(body.username)) || signUpsPerAddress.blockedFor(clientAddress(c)))
      signUpsPerAddress.hit(clientAddress(c))
      signUpsPerUsername.hit(usernameKey(body.username))
      const result = await signUp(services.db, body.username, body.password)
      setSessionCookie(services, c, result.token)
      return c.json(result, 201)
    })
    .post('/auth/login', async (c) => {
      const body = await readBody(c, loginBody)
      const username = usernameKey(body.username)
      refuseIfLimited(c, failedSignIns.blockedFor(username) || signInsPerAddress.blockedFor(clientAddress(c)))
      signInsPerAddress.hit(clientAddress(c))
      try {
        const result = await logIn(services.db, body.username, body.password)
        setSessionCookie(services, c, result.token)
        return c.json(result)
      } catch (error) {
        if (error instanceof AppError && error.id === invalidCredentials().id) failedSignIns.hit(username)
        throw error
      }
    })
    .post('/auth/logout', async (c) => {
      const token = c.get('sessionToken')
      if (token) await logOut(services, token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .get('/auth/me', (c) => {
      const actor = c.get('actor')
      if (!actor.userId) throw unauthenticated()
      return c.json({ user: { id: actor.userId, username: actor.username } })
    })
    // Who is signed in, for a browser tab: 200 either way (`user: null` when nobody), so a
    // signed-out visitor's console shows no failed request. Scripts keep /auth/me's 401.
    .get('/auth/session', (c) => {
      const actor = c.get('actor')
      return c.json({ user: actor.userId ? { id: actor.userId, username: actor.username } : null })
    })
}
