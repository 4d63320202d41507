import type { Context } from 'hono'
import { isIPv6 } from 'node:net'

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** One key per client: IPv4 as is, IPv6 by its /64 (one household or server gets one prefix). */
function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address)
  if (mapped) return mapped[1]
  if (!isIPv6(address)) return address
  const [head, tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/u, '')).join(':')}::/64`
}

/**
 * The address a request comes from, for rate limits. A request from a proxy on this machine
 * (loopback) is attributed to the last address that proxy appended to X-Forwarded-For; any
 * other peer's X-Forwarded-For is ignored, since a client can write whatever it likes there.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return peerAddress(incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'))
}

/** clientAddress from the TCP peer's address and the X-Forwarded-For header (a websocket upgrade has no Context). */
export function peerAddress(remoteAddress: string | undefined, forwardedFor: string | undefined): string {
  const peer = remoteAddress ?? 'unknown'
  const forwarded = forwardedFor?.split(',').map((s) => s.trim()).filter(Boolean).at(-1)
  return addressKey(isLoopback(peer) && forwarded ? forwarded : peer)
}
