import { parse } from 'hono/utils/cookie'

/** Name of the session cookie browsers carry. */
export const SESSION_COOKIE = 'palimpsest_session'

/**
 * The session token in a Cookie header, or null. Parsed by Hono's cookie parser, which skips
 * values that are not valid cookie values and leaves a bad percent escape undecoded, so a
 * malformed header (from a broken client or a hostile one) reads as no session, never a crash.
 */
export function sessionTokenFromCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null
  return parse(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] || null
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/iu.exec(authorization ?? '')
  return match ? match[1] : null
}
