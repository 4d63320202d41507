/**
 * Whether a browser request's Origin is our own site: the origin of the Host it was sent to,
 * or the configured public origin (behind a proxy). A missing Origin is not allowed.
 */
export function originAllowed(origin: string | null | undefined, host: string | null | undefined, publicOrigin: string | undefined): boolean {
  if (!origin || origin === 'null') return false
  if (publicOrigin && origin === new URL(publicOrigin).origin) return true
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && !!host && url.host === host
  } catch {
    return false
  }
}
