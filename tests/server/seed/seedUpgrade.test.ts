import type { JSONContent } from '@tiptap/core'
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFirstRevision } from '../../../server/history/seedFirstRevision.ts'
import { loadSeedPages, seedPageText, type SeedPage } from '../../../server/seed/parseSeedPage.ts'
import { SEED_EDITION, SEED_EDITION_NEW_PAGES, SEED_EDITION_SUMMARY } from '../../../server/seed/seedEdition.ts'
import { SEED_SPACE, seedIfEmpty } from '../../../server/seed/seedIfEmpty.ts'
import { upgradeSeed, type SeedUpgrade } from '../../../server/seed/upgradeSeed.ts'
import { api, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

const current = loadSeedPages()
const EDITED = 'Vladimir Kozlov'
const DELETED = 'Alisher Usmanov'

/** An earlier edition: every page opens with another first paragraph, and the new pages are missing. */
function earlierEdition(): SeedPage[] {
  return current.filter((page) => !SEED_EDITION_NEW_PAGES.includes(page.title)).map((page) => {
    const content = [...(page.doc.content ?? [])]
    const first = content.findIndex((block) => block.type === 'paragraph')
    content[first] = { type: 'paragraph', content: [{ type: 'text', text: `An older opening of ${page.title}.` }] } satisfies JSONContent
    return { title: page.title, doc: { ...page.doc, content } }
  })
}

let server: TestServer
let upgrade: SeedUpgrade | null
let editedText: string
const logLines: { msg: string; pages?: string[] }[] = []
let spaceId: string
const pagesByTitle = new Map<string, string>()

beforeAll(async () => {
  // An installation seeded with the earlier edition, before editions were recorded.
  const first = await startTestServer()
  await seedIfEmpty(first.palimpsest.services, [seedFirstRevision], earlierEdition())
  await first.palimpsest.services.db.query('DELETE FROM seed_editions')
  // Seeded before its library held every work the pages cite.
  await first.palimpsest.services.db.query("DELETE FROM sources WHERE csl->>'title' = 'The Revolution Betrayed'")
  spaceId = (await api(first.url, 'GET', `/api/spaces/by-slug/${SEED_SPACE.slug}`)).body.id
  for (const page of (await api(first.url, 'GET', `/api/spaces/${spaceId}/pages`)).body as { id: string; title: string }[]) pagesByTitle.set(page.title, page.id)
  // A member edits one page through a real provider, and deletes another.
  const user = await signUpUser(first.url, 'reader')
  expect((await api(first.url, 'POST', `/api/spaces/${spaceId}/join`, { token: user.token })).status).toBe(200)
  const provider = await connectProvider(first.wsUrl, pagesByTitle.get(EDITED)!, { token: user.token })
  appendParagraph(provider.doc, 'A note our study group added.')
  await provider.settled()
  editedText = seedPageText(yXmlFragmentToProsemirrorJSON(provider.doc.getXmlFragment('default'))).trimEnd()
  provider.destroy()
  expect((await api(first.url, 'DELETE', `/api/pages/${pagesByTitle.get(DELETED)}`, { token: user.token })).status).toBe(204)
  await first.stop()
  // The new version starts over the same database.
  server = await startTestServer({ database: first.database })
  // The server's own services, with a logger whose lines the test reads.
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) })
  upgrade = await upgradeSeed({ ...server.palimpsest.services, logger }, [seedFirstRevision])
})
afterAll(async () => {
  await server?.close()
})

/** A page's text as a reader's provider receives it, one line per block. */
async function pageText(pageId: string): Promise<string> {
  const provider = await connectProvider(server.wsUrl, pageId)
  try {
    return seedPageText(yXmlFragmentToProsemirrorJSON(provider.doc.getXmlFragment('default'))).trimEnd()
  } finally {
    provider.destroy()
  }
}

describe('upgrading an installation seeded with an earlier edition', () => {
  it('rewrites every page no user has edited to the new edition and names the edited one as left alone', () => {
    expect(upgrade).not.toBeNull()
    expect(upgrade!.keptEdited).toEqual([EDITED])
    const expected = current.map((p) => p.title).filter((t) => t !== EDITED && t !== DELETED && !SEED_EDITION_NEW_PAGES.includes(t))
    expect([...upgrade!.updated].sort()).toEqual(expected.sort())
    expect(upgrade!.added).toEqual(SEED_EDITION_NEW_PAGES)
  })

  it('adds a cited work missing from the library, so every citation of the new edition points at a source', async () => {
    const sources = (await api(server.url, 'GET', `/api/spaces/${spaceId}/sources`)).body as { id: string; csl: { title: string } }[]
    const trotsky = sources.filter((s) => s.csl.title === 'The Revolution Betrayed')
    expect(trotsky).toHaveLength(1)
    const cited = await api(server.url, 'GET', `/api/spaces/${spaceId}/sources/${trotsky[0].id}`)
    expect(cited.body.citedBy.map((p: { title: string }) => p.title)).toContain('The Revolution Betrayed')
  })

  it('names the pages it left alone in the start-up log', () => {
    const warning = logLines.find((line) => line.msg.includes('users have edited them'))
    expect(warning?.pages).toEqual([EDITED])
  })

  it('serves an upgraded page with exactly the new edition’s text, recorded as a revision "Seed, second edition" by the seed author', async () => {
    const title = 'Novocherkassk massacre'
    const text = await pageText(pagesByTitle.get(title)!)
    const source = current.find((p) => p.title === title)!
    expect(text).not.toContain('An older opening')
    expect(text).toBe(seedPageText(source.doc))
    const revisions = (await api(server.url, 'GET', `/api/pages/${pagesByTitle.get(title)}/revisions`)).body as { number: number; kind: string; summary: string; authors: unknown }[]
    const newest = revisions.find((r) => r.number === 2)
    expect(revisions).toHaveLength(2)
    expect(newest).toMatchObject({ kind: 'seed', summary: SEED_EDITION_SUMMARY })
    const [row] = await server.palimpsest.services.db.query<{ text: string }>('SELECT content_text AS text FROM pages WHERE id = $1', [pagesByTitle.get(title)])
    // Derived data follows: the search text is the new edition's.
    expect(row.text).not.toContain('An older opening')
    expect(row.text).toContain('Novocherkassk')
  })

  it('leaves a page a user edited exactly as it was, with no new revision', async () => {
    expect(await pageText(pagesByTitle.get(EDITED)!)).toBe(editedText)
    expect(editedText).toContain('A note our study group added.')
    expect(editedText).toContain('An older opening')
    const revisions = (await api(server.url, 'GET', `/api/pages/${pagesByTitle.get(EDITED)}/revisions`)).body as { number: number; kind: string }[]
    expect(revisions.filter((r) => r.kind === 'seed').map((r) => r.number)).toEqual([1])
  })

  it('adds the pages the edition adds, and does not bring back a page a user deleted', async () => {
    const titles = ((await api(server.url, 'GET', `/api/spaces/${spaceId}/pages`)).body as { title: string }[]).map((p) => p.title)
    for (const title of SEED_EDITION_NEW_PAGES) expect(titles).toContain(title)
    expect(titles).not.toContain(DELETED)
  })

  it('records the edition, so a second start (or a second instance) changes nothing', async () => {
    expect(await server.palimpsest.services.db.query('SELECT edition FROM seed_editions')).toEqual([{ edition: SEED_EDITION }])
    const before = await server.palimpsest.services.db.query<{ n: number }>('SELECT count(*)::int AS n FROM revisions')
    expect(await upgradeSeed(server.palimpsest.services, [seedFirstRevision])).toBeNull()
    expect(await server.palimpsest.seed()).toBeNull()
    expect(await server.palimpsest.services.db.query('SELECT count(*)::int AS n FROM revisions')).toEqual(before)
  })
})
