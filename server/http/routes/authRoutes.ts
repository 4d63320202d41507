import { createRoute, type OpenAPIHonoOptions } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { changePasswordBody, credentialsBody, loginBody } from '../../../shared/apiSchemas.ts'
import { changePassword, wrongPassword } from '../../accounts/changePassword.ts'
import { invalidCredentials, logIn } from '../../accounts/logIn.ts'
import { LoginThrottle } from '../../accounts/LoginThrottle.ts'
import { logOut } from '../../accounts/logOut.ts'
import { logOutEverywhere } from '../../accounts/logOutEverywhere.ts'
import { passwordProblem } from '../../accounts/passwordProblem.ts'
import { RateLimiter } from '../../accounts/RateLimiter.ts'
import { SESSION_COOKIE } from '../../accounts/sessionCookie.ts'
import { SESSION_LIFETIME_MS } from '../../accounts/sessionQueries.ts'
import { signUp } from '../../accounts/signUp.ts'
import { usernameKey } from '../../accounts/userQueries.ts'
import type { Services } from '../../core/Services.ts'
import { AppError, tooManyRequests, unauthenticated } from '../../core/AppError.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { clientAddress } from '../clientAddress.ts'
import { createApiRouter } from '../createApiRouter.ts'
import type { HttpEnv } from '../../core/HttpEnv.ts'
import { jsonBody } from '../jsonBody.ts'
import { invalidRequest, requestProblems, type ValidationResult } from '../rejectInvalidRequest.ts'

const MINUTE = 60_000

/**
 * Rate limits of sign-in and sign-up, per process. Generous per address, because a whole
 * class may sign up from one school network. Password guessing on one account is slowed by
 * the LoginThrottle (per address and username, with a mild username-wide part).
 */
export const AUTH_LIMITS = {
  signInsPerAddress: { limit: 30, windowMs: MINUTE },
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

const tags = ['Accounts']

/**
 * Sign-up's validation hook: every problem with the name and the password at once, the
 * password's strength included (the sign-up form lists them, rather than one per attempt).
 */
const rejectInvalidSignUp: OpenAPIHonoOptions<HttpEnv>['defaultHook'] = (outcome) => {
  const result = outcome as ValidationResult
  if (result.success) return
  const problems = requestProblems(result.target, result.error)
  const body = result.data as { username?: unknown; password?: unknown } | undefined
  if (typeof body?.password === 'string' && !problems.some((problem) => problem.field === 'password')) {
    const weak = passwordProblem(body.password, typeof body.username === 'string' ? body.username : '')
    if (weak) problems.push({ field: 'password', message: weak })
  }
  throw invalidRequest(problems)
}

/** The signed-in actor, or 401. */
function signedIn(c: Context<HttpEnv>): { userId: string; username: string; sessionId?: string } {
  const actor = c.get('actor')
  if (!actor.userId || !actor.username) throw unauthenticated()
  return { userId: actor.userId, username: actor.username, sessionId: actor.sessionId }
}

/** Sign-up, sign-in, sign-out (here or everywhere), password change and "who am I". */
export function authRoutes(services: Services) {
  const signInsPerAddress = limiter(AUTH_LIMITS.signInsPerAddress)
  const throttle = new LoginThrottle()
  const signUpsPerAddress = limiter(AUTH_LIMITS.signUpsPerAddress)
  const signUpsPerUsername = limiter(AUTH_LIMITS.signUpsPerUsername)
  return createApiRouter()
    .openapi(createRoute({
      method: 'post', path: '/auth/signup', tags, summary: 'Creates an account and signs it in',
      description: 'Answers `{user:{id,username}, token}` and sets the session cookie; the token is for `Authorization: Bearer`.',
      request: { body: jsonBody(credentialsBody) },
      responses: answers({ 201: 'The new user and a session token.' }, [403, 409, 429, ...BODY_REFUSALS]),
    }), async (c) => {
      const body = c.req.valid('json')
      refuseIfLimited(c, signUpsPerUsername.blockedFor(usernameKey(body.username)) || signUpsPerAddress.blockedFor(clientAddress(c)))
      signUpsPerAddress.hit(clientAddress(c))
      signUpsPerUsername.hit(usernameKey(body.username))
      const result = await signUp(services.db, body.username, body.password, services.config.passwordHashCost)
      setSessionCookie(services, c, result.token)
      return c.json(result, 201)
    }, rejectInvalidSignUp as never) // typed for any route: `never` leaves this route's input types standing
    .openapi(createRoute({
      method: 'post', path: '/auth/login', tags, summary: 'Signs in',
      description: 'Answers `{user:{id,username}, token}` and sets the session cookie.',
      request: { body: jsonBody(loginBody) },
      responses: answers({ 200: 'The user and a session token.' }, [401, 403, 429, ...BODY_REFUSALS]),
    }), async (c) => {
      const body = c.req.valid('json')
      const username = usernameKey(body.username)
      const address = clientAddress(c)
      refuseIfLimited(c, throttle.waitFor(address, username) || signInsPerAddress.blockedFor(address))
      signInsPerAddress.hit(address)
      try {
        const result = await logIn(services.db, body.username, body.password, services.config.passwordHashCost)
        throttle.succeeded(address, username)
        setSessionCookie(services, c, result.token)
        return c.json(result)
      } catch (error) {
        if (error instanceof AppError && error.id === invalidCredentials().id) throttle.failed(address, username)
        throw error
      }
    })
    .openapi(createRoute({
      method: 'post', path: '/auth/logout', tags, summary: 'Ends the caller’s session and clears the cookie',
      responses: answers({ 204: 'Signed out (also when there was no session).' }, [403]),
    }), async (c) => {
      const token = c.get('sessionToken')
      if (token) await logOut(services, token)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.body(null, 204)
    })
    .openapi(createRoute({
      method: 'post', path: '/auth/logout-all', tags, summary: 'Ends every session of the caller',
      description: 'Answers `{endedSessions}`; open collaboration connections of those sessions close with session-ended.',
      responses: answers({ 200: '`{endedSessions}`: how many sessions ended.' }, [401, 403]),
    }), async (c) => {
      const { userId } = signedIn(c)
      const ended = await logOutEverywhere(services, userId)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ endedSessions: ended })
    })
    .openapi(createRoute({
      method: 'post', path: '/auth/password', tags, summary: 'Changes the caller’s password',
      description: 'Checks the current password, applies the password rules, and ends every other session of the caller (this one stays).',
      request: { body: jsonBody(changePasswordBody) },
      responses: answers({ 200: '`{endedSessions}`: how many other sessions ended.' }, [400, 401, 403, 429, ...BODY_REFUSALS]),
    }), async (c) => {
      const user = signedIn(c)
      const body = c.req.valid('json')
      // Guessing the current password with a borrowed session is slowed like guessing it at sign-in.
      const username = usernameKey(user.username)
      const address = clientAddress(c)
      refuseIfLimited(c, throttle.waitFor(address, username))
      try {
        const ended = await changePassword(services, user, body.currentPassword, body.newPassword)
        throttle.succeeded(address, username)
        return c.json({ endedSessions: ended })
      } catch (error) {
        if (error instanceof AppError && error.id === wrongPassword().id) throttle.failed(address, username)
        throw error
      }
    })
    .openapi(createRoute({
      method: 'get', path: '/auth/me', tags, summary: 'The signed-in user',
      responses: answers({ 200: '`{user:{id,username}}`.' }, [401]),
    }), (c) => {
      const actor = c.get('actor')
      if (!actor.userId) throw unauthenticated()
      return c.json({ user: { id: actor.userId, username: actor.username } })
    })
    // Who is signed in, for a browser tab: 200 either way (`user: null` when nobody), so a
    // signed-out visitor's console shows no failed request. Scripts keep /auth/me's 401.
    .openapi(createRoute({
      method: 'get', path: '/auth/session', tags, summary: 'Who is signed in, if anyone (for browser tabs)',
      responses: answers({ 200: '`{user:{id,username}}`, or `{user:null}` when nobody is signed in.' }),
    }), (c) => {
      const actor = c.get('actor')
      return c.json({ user: actor.userId ? { id: actor.userId, username: actor.username } : null })
    })
}
