import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { credentialsBody, loginBody } from '../../../shared/apiSchemas.ts'
import { logIn } from '../../accounts/logIn.ts'
import { RateLimiter } from '../../accounts/RateLimiter.ts'
import { SESSION_COOKIE } from '../../accounts/sessionCookie.ts'
import { deleteSession, SESSION_LIFETIME_MS } from '../../accounts/sessionQueries.ts'
import { signUp } from '../../accounts/signUp.ts'
import { usernameKey } from '../../accounts/userQueries.ts'
import type { Services } from '../../Services.ts'
import { tooManyRequests, unauthenticated } from '../AppError.ts'
import type { HttpEnv } from '../HttpEnv.ts'
import { readBody } from '../readBody.ts'

function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    path: '/',
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  })
}

/** Sign-up, sign-in, sign-out and "who am I". */
export function authRoutes(services: Services): Hono<HttpEnv> {
  // Per address and per username: 10 sign-ins and 5 sign-ups a minute.
  const logins = new RateLimiter(10, 60_000)
  const signups = new RateLimiter(5, 60_000)
  return new Hono<HttpEnv>()
    .post('/auth/signup', async (c) => {
      const body = await readBody(c, credentialsBody)
      if (!signups.take(`ip:${clientAddress(c)}`)) throw tooManyRequests()
      const result = await signUp(services.db, body.username, body.password)
      setSessionCookie(c, result.token)
      return c.json(result, 201)
    })
    .post('/auth/login', async (c) => {
      const body = await readBody(c, loginBody)
      if (!logins.take(`ip:${clientAddress(c)}`, `user:${usernameKey(body.username)}`)) throw tooManyRequests()
      const result = await logIn(services.db, body.username, body.password)
      setSessionCookie(c, result.token)
      return c.json(result)
    })
    .post('/auth/logout', async (c) => {
      const token = c.get('sessionToken')
      if (token) await deleteSession(services.db, token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .get('/auth/me', (c) => {
      const actor = c.get('actor')
      if (!actor.userId) throw unauthenticated()
      return c.json({ user: { id: actor.userId, username: actor.username } })
    })
}
