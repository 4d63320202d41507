import { describe, expect, it } from 'vitest'
import { originAllowed } from '../../../server/http/originAllowed.ts'

describe('originAllowed', () => {
  it.each([
    ['the origin of the Host the request was sent to', 'http://127.0.0.1:3000', '127.0.0.1:3000', undefined, true],
    ['the configured public origin behind a proxy', 'https://wiki.example', '127.0.0.1:3000', 'https://wiki.example/', true],
    ['another site', 'https://evil.example', '127.0.0.1:3000', undefined, false],
    ['another site that only shares our host name', 'http://127.0.0.1:4000', '127.0.0.1:3000', undefined, false],
    ['a site whose name ends like ours', 'https://evilwiki.example', 'wiki.example', 'https://wiki.example', false],
    ['the opaque origin of a sandboxed frame or file', 'null', '127.0.0.1:3000', undefined, false],
    ['a missing Origin', undefined, '127.0.0.1:3000', undefined, false],
    ['a non-web scheme', 'chrome-extension://abc', 'abc', undefined, false],
  ])('judges %s', (_, origin, host, publicOrigin, allowed) => {
    expect(originAllowed(origin, host, publicOrigin)).toBe(allowed)
  })
})
