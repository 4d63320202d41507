/** Name of the session cookie browsers carry. */
export const SESSION_COOKIE = 'palimpsest_session'

/** The session token in a Cookie header, or null. */
export function sessionTokenFromCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim()) || null
  }
  return null
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/iu.exec(authorization ?? '')
  return match ? match[1] : null
}
