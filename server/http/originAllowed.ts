/** Where a request arrived: the Host it was sent to, and whether it came over HTTPS. */
export interface RequestTarget {
  host: string | null | undefined
  secure: boolean
}

/**
 * Whether a browser request's Origin is our own site: the configured public origin (behind a
 * proxy), or the origin the request itself was sent to — scheme, host and port alike, so a
 * page served over plain HTTP cannot act on the HTTPS site of the same name. A missing or
 * opaque Origin is not allowed.
 */
export function originAllowed(origin: string | null | undefined, target: RequestTarget, publicOrigin: string | undefined): boolean {
  if (!origin || origin === 'null') return false
  try {
    const url = new URL(origin)
    if (publicOrigin) {
      const ours = new URL(publicOrigin)
      if (url.origin === ours.origin) return true
      // Behind a TLS-terminating proxy the request itself looks like plain HTTP: the public origin's scheme decides.
      if (url.host === ours.host) return false
    }
    return url.protocol === (target.secure ? 'https:' : 'http:') && !!target.host && url.host === target.host
  } catch {
    return false
  }
}
