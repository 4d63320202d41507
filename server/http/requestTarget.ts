import type { IncomingMessage } from 'node:http'
import type { RequestTarget } from './originAllowed.ts'

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'))
}

/**
 * The Host and scheme a request from Node's HTTP server was sent to. HTTPS when the socket is
 * TLS, or when a proxy on this machine (loopback peer, as for X-Forwarded-For) says so in
 * X-Forwarded-Proto; another peer's X-Forwarded-Proto is ignored.
 */
export function requestTarget(request: Pick<IncomingMessage, 'headers' | 'socket'> | undefined, fallbackUrl?: string): RequestTarget {
  if (!request) {
    const url = fallbackUrl ? new URL(fallbackUrl) : undefined
    return { host: url?.host, secure: url?.protocol === 'https:' }
  }
  const encrypted = (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  const forwarded = request.headers['x-forwarded-proto']
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0].trim().toLowerCase()
  return { host: request.headers.host, secure: encrypted || (isLoopback(request.socket?.remoteAddress) && proto === 'https') }
}
