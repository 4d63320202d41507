import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientAddress } from '../../../server/http/clientAddress.ts'

/** The address a request from `peer` with these headers is counted against. */
async function addressOf(peer: string, headers: Record<string, string> = {}): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c)))
  const response = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } })
  return response.text()
}

describe('clientAddress', () => {
  it('counts a direct client by its own address and ignores the X-Forwarded-For it wrote itself', async () => {
    expect(await addressOf('198.51.100.7')).toBe('198.51.100.7')
    expect(await addressOf('198.51.100.7', { 'x-forwarded-for': '203.0.113.1' })).toBe('198.51.100.7')
  })

  it('counts a request from a proxy on this machine by the last address the proxy appended', async () => {
    expect(await addressOf('127.0.0.1', { 'x-forwarded-for': '10.0.0.1, 203.0.113.9' })).toBe('203.0.113.9')
    expect(await addressOf('::1', { 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9')
    expect(await addressOf('127.0.0.1')).toBe('127.0.0.1')
  })

  it('counts IPv4-mapped addresses as IPv4 and IPv6 clients by their /64', async () => {
    expect(await addressOf('::ffff:198.51.100.7')).toBe('198.51.100.7')
    expect(await addressOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(await addressOf('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(await addressOf('2001:db8::1')).toBe('2001:db8:0:0::/64')
  })
})
