import { describe, expect, it } from 'vitest'
import { originAllowed } from '../../../server/http/originAllowed.ts'

const plain = (host: string) => ({ host, secure: false })
const tls = (host: string) => ({ host, secure: true })

describe('originAllowed', () => {
  it.each([
    ['the origin of the Host the request was sent to', 'http://127.0.0.1:3000', plain('127.0.0.1:3000'), undefined, true],
    ['the HTTPS origin of a request that came over HTTPS', 'https://wiki.example', tls('wiki.example'), undefined, true],
    ['the configured public origin behind a proxy', 'https://wiki.example', plain('127.0.0.1:3000'), 'https://wiki.example/', true],
    ['another site', 'https://evil.example', plain('127.0.0.1:3000'), undefined, false],
    ['another site that only shares our host name', 'http://127.0.0.1:4000', plain('127.0.0.1:3000'), undefined, false],
    ['a plain-HTTP page of our host name, on a request that came over HTTPS', 'http://wiki.example', tls('wiki.example'), undefined, false],
    ['an HTTPS page of our host name, on a request that came over plain HTTP', 'https://127.0.0.1:3000', plain('127.0.0.1:3000'), undefined, false],
    ['the plain-HTTP twin of the configured public origin, even when the proxy sent the request on as plain HTTP', 'http://wiki.example', plain('wiki.example'), 'https://wiki.example', false],
    ['a site whose name ends like ours', 'https://evilwiki.example', tls('wiki.example'), 'https://wiki.example', false],
    ['the opaque origin of a sandboxed frame or file', 'null', plain('127.0.0.1:3000'), undefined, false],
    ['a missing Origin', undefined, plain('127.0.0.1:3000'), undefined, false],
    ['a non-web scheme', 'chrome-extension://abc', plain('abc'), undefined, false],
  ])('judges %s', (_, origin, target, publicOrigin, allowed) => {
    expect(originAllowed(origin, target, publicOrigin)).toBe(allowed)
  })
})
