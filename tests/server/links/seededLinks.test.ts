import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedPages, seedPageLinks } from '../../../server/seed/parseSeedPage.ts'
import { SEED_SPACE } from '../../../server/seed/seedIfEmpty.ts'
import { normalizeTitle } from '../../../shared/wikiTitle.ts'
import { api } from '../../support/api.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
const seedPages = loadSeedPages()
const seededKeys = new Set(seedPages.map((p) => normalizeTitle(p.title)))

beforeAll(async () => {
  server = await startTestServer({ seed: true })
})
afterAll(async () => {
  await server.close()
})

describe('links of the seeded encyclopedia', () => {
  it('every seeded page’s backlinks are exactly the other seeded pages that link to its title, for an anonymous reader', async () => {
    const space = (await api(server.url, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`)).body
    const pages: { id: string; title: string }[] = (await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)).body
    let total = 0
    for (const page of pages) {
      const expected = seedPages
        .filter((source) => source.title !== page.title && seedPageLinks(source.doc).some((t) => normalizeTitle(t) === normalizeTitle(page.title)))
        .map((source) => source.title).sort()
      const backlinks = await api(server.url, 'GET', `/api/pages/${page.id}/backlinks`)
      expect(backlinks.body.map((b: { title: string }) => b.title).sort(), page.title).toEqual(expected)
      for (const b of backlinks.body) expect(b.snippet.length, `${b.title} → ${page.title}`).toBeGreaterThan(0)
      total += expected.length
    }
    expect(total).toBeGreaterThan(50)
  })

  it('wanted pages are the titles the seed links to that it does not contain, most linked first', async () => {
    const space = (await api(server.url, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`)).body
    const missing = new Map<string, Set<string>>()
    for (const page of seedPages) {
      for (const key of seedPageLinks(page.doc).map(normalizeTitle).filter((k) => !seededKeys.has(k))) {
        missing.set(key, (missing.get(key) ?? new Set()).add(page.title))
      }
    }
    const wanted: { title: string; pages: number }[] = (await api(server.url, 'GET', `/api/spaces/${space.id}/wanted?limit=500`)).body
    expect(missing.size).toBeGreaterThan(0)
    expect(new Set(wanted.map((w) => normalizeTitle(w.title)))).toEqual(new Set(missing.keys()))
    for (const w of wanted) expect(w.pages).toBe(missing.get(normalizeTitle(w.title))!.size)
    expect(wanted.map((w) => w.pages)).toEqual(wanted.map((w) => w.pages).sort((a, b) => b - a))
  })
})
