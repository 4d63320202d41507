import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSeedPages, seedPageText } from '../../../server/seed/parseSeedPage.ts'
import { SEED_AUTHOR, SEED_SPACE, SEED_START_PAGE, SEED_WRITTEN_AT, seedIfEmpty } from '../../../server/seed/seedIfEmpty.ts'
import { readFileSync } from 'node:fs'
import { AS_DESCRIBED } from '../../../server/seed/seedSources.ts'
import { api } from '../../support/api.ts'
import { connectProvider, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
const providers: TestProvider[] = []
const seedPages = loadSeedPages()

beforeAll(async () => {
  server = await startTestServer({ seed: true })
})
afterAll(async () => {
  for (const p of providers) p.destroy()
  await server.close()
})

async function seededSpace() {
  const answer = await api(server.url, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`)
  expect(answer.status).toBe(200)
  return answer.body
}

describe('seeding a fresh database', () => {
  it('fills the space’s source library: the review first, then the works it discusses, each marked as known only through it', async () => {
    const space = await seededSpace()
    const sources = (await api(server.url, 'GET', `/api/spaces/${space.id}/sources`)).body as { id: string; csl: Record<string, unknown> }[]
    expect(sources[0].csl).toMatchObject({ title: 'Dear Comrades: Russian film about the 1962 Novocherkassk massacre', 'container-title': 'World Socialist Web Site', author: [{ family: 'Weiss', given: 'Clara' }] })
    expect(sources[0].csl.note).toBeUndefined()
    expect(sources.length).toBeGreaterThan(3)
    // Nothing invented: every other entry is marked, and its author or director is named in the review.
    const review = readFileSync(new URL('../../../server/seed/pages/clara-weiss-review.md', import.meta.url), 'utf8')
    const bibliography = readFileSync(new URL('../../../server/seed/pages/bibliography.md', import.meta.url), 'utf8')
    for (const { csl } of sources.slice(1)) {
      expect(csl.note).toBe(AS_DESCRIBED)
      const people = [...(csl.author as { family: string }[] ?? []), ...(csl.director as { family: string }[] ?? [])]
      for (const person of people) expect(`${review}\n${bibliography}`).toContain(person.family)
    }
    const formatted = await api(server.url, 'GET', `/api/spaces/${space.id}/sources/formatted?id=${sources[0].id}`)
    expect(formatted.body.entries[0].text).toBe('Weiss, Clara. 2021. “Dear Comrades: Russian Film about the 1962 Novocherkassk Massacre.” World Socialist Web Site, February 9.')
  })

  it('points every seeded citation at a source of the seeded library, so every page cites the review and none is uncited', async () => {
    const space = await seededSpace()
    const sources = (await api(server.url, 'GET', `/api/spaces/${space.id}/sources`)).body as { id: string }[]
    const review = await api(server.url, 'GET', `/api/spaces/${space.id}/sources/${sources[0].id}`)
    expect(review.body.citedBy.map((p: { title: string }) => p.title).sort()).toEqual(seedPages.map((p) => p.title).sort())
    const trotsky = await api(server.url, 'GET', `/api/spaces/${space.id}/sources/${sources[2].id}`)
    expect(trotsky.body.citedBy.map((p: { title: string }) => p.title)).toContain('The Revolution Betrayed')
    const maintenance = await api(server.url, 'GET', `/api/spaces/${space.id}/citation-needed`)
    expect(maintenance.body).toEqual({ needed: [], uncited: [] })
  })

  it('creates the public space "Novocherkassk 1962" readable by anonymous visitors, with every seed page', async () => {
    const space = await seededSpace()
    expect(space).toMatchObject({ slug: 'novocherkassk-1962', name: 'Novocherkassk 1962', visibility: 'public' })
    const pages = await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)
    expect(pages.body.map((p: { title: string }) => p.title).sort()).toEqual(seedPages.map((p) => p.title).sort())
    expect(pages.body.length).toBeGreaterThanOrEqual(24)
  })

  it('leads the page tree with the study guide, a newcomer\'s start page, and describes the space', async () => {
    const space = await seededSpace()
    expect(space.description).toContain('Dear Comrades!')
    const pages = (await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)).body as { title: string; parentId: string | null; position: number }[]
    const top = pages.filter((p) => p.parentId === null).sort((a, b) => a.position - b.position)
    expect(top[0].title).toBe(SEED_START_PAGE)
    expect(top.map((p) => p.position)).toEqual(top.map((_, i) => i))
  })

  it('serves each seeded page through a real provider with exactly the text of its source', async () => {
    const space = await seededSpace()
    const pages: { id: string; title: string }[] = (await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)).body
    for (const title of ['Novocherkassk massacre', 'Dear Comrades!', 'Historiography of the Novocherkassk massacre']) {
      const page = pages.find((p) => p.title === title)!
      const provider = await connectProvider(server.wsUrl, page.id)
      providers.push(provider)
      const json = yXmlFragmentToProsemirrorJSON(provider.doc.getXmlFragment('default'))
      const source = seedPages.find((p) => p.title === title)!
      expect(seedPageText(json).trimEnd()).toBe(seedPageText(source.doc))
      // Stored as the editor keeps it, a paragraph last: opening it to edit writes nothing.
      expect(json.content?.at(-1)?.type).toBe('paragraph')
      expect(provider.provider.authorizedScope).toBe('readonly')
    }
  })

  it('attributes the seeded content to the system author "Palimpsest seed"', async () => {
    const rows = await server.palimpsest.services.db.query<{ username: string; n: number }>(
      `SELECT u.username, count(*) AS n FROM page_clients c JOIN users u ON u.id = c.user_id GROUP BY u.username`)
    expect(rows).toEqual([{ username: SEED_AUTHOR, n: seedPages.length }])
  })

  it('derives each page\'s plain text on the server at seed time', async () => {
    const [row] = await server.palimpsest.services.db.query<{ text: string }>(
      "SELECT content_text AS text FROM pages WHERE title = 'Novocherkassk massacre'")
    expect(row.text).toContain('Novocherkassk')
    expect(row.text.length).toBeGreaterThan(500)
  })

  it('dates each seeded page and its first revision when the text was written, not when it was loaded', async () => {
    const space = await seededSpace()
    const pages: { id: string; updatedAt: string }[] = (await api(server.url, 'GET', `/api/spaces/${space.id}/pages`)).body
    expect(new Set(pages.map((p) => p.updatedAt))).toEqual(new Set([SEED_WRITTEN_AT.toISOString()]))
    const page = (await api(server.url, 'GET', `/api/pages/${pages[0].id}`)).body
    expect(page.createdAt).toBe(SEED_WRITTEN_AT.toISOString())
    const [revision] = (await api(server.url, 'GET', `/api/pages/${pages[0].id}/revisions`)).body
    expect(revision).toMatchObject({ kind: 'seed', createdAt: SEED_WRITTEN_AT.toISOString(), startedAt: SEED_WRITTEN_AT.toISOString() })
  })

  it('never seeds twice and never touches a database that has content', async () => {
    const before = await server.palimpsest.services.db.query<{ n: number }>('SELECT count(*) AS n FROM pages')
    expect(await seedIfEmpty(server.palimpsest.services)).toBeNull()
    const after = await server.palimpsest.services.db.query<{ n: number }>('SELECT count(*) AS n FROM pages')
    expect(after).toEqual(before)
  })
})
