import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSearchSource } from '../../../server/search/searchDocumentQueries.ts'
import type { ApiSearchResult } from '../../../shared/searchApi.ts'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, waitFor } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

let server: TestServer
let user: Awaited<ReturnType<typeof signUpUser>>

async function search(query: string): Promise<ApiSearchResult[]> {
  const answer = await api<ApiSearchResult[]>(server.url, 'GET', `/api/search?q=${encodeURIComponent(query)}`, { token: user.token })
  expect(answer.status).toBe(200)
  return answer.body
}

const pageIds = async (query: string) => (await search(query)).map((result) => result.pageId)

beforeAll(async () => {
  server = await startTestServer()
  user = await signUpUser(server.url)
})

afterAll(async () => {
  await server?.close()
})

describe('the search index follows the pages', () => {
  it('finds a freshly typed word within seconds, while the editor is still open', async () => {
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Field notes' })
    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    try {
      appendParagraph(writer.doc, 'The archive clerk mentioned a zeugmatic ledger.')
      await writer.settled()
      const [hit] = await waitFor(async () => {
        const results = await search('zeugmatic')
        return results.length ? results : null
      }, 'the typed word to be searchable', 5_000)
      expect(hit).toMatchObject({ pageId, title: 'Field notes' })
      expect(hit.snippet).toContain('<mark>zeugmatic</mark>')

      // A later edit replaces what was indexed: the removed word is no longer found.
      const fragment = writer.doc.getXmlFragment('default')
      writer.doc.transact(() => fragment.delete(0, fragment.length))
      appendParagraph(writer.doc, 'Rewritten: nothing about ledgers here, only a palinodic note.')
      await writer.settled()
      await waitFor(async () => (await pageIds('palinodic')).includes(pageId), 'the new word to be searchable')
      expect(await pageIds('zeugmatic')).toEqual([])
    } finally {
      writer.destroy()
    }
  })

  it('finds a new page by its title at once, before anyone has typed in it', async () => {
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Interview with a plant foreman' })
    await waitFor(async () => (await pageIds('plant foreman')).includes(pageId), 'the new title to be searchable', 5_000)
  })

  it('finds a renamed page by its new title and still by its old one, new title first', async () => {
    const { pageId, spaceId } = await createSpaceWithPage(server.url, user.token, { title: 'Locomotive works strike' })
    const other = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: user.token, body: { title: 'Electric plant strike' } })
    expect(other.status).toBe(201)
    const renamed = await api(server.url, 'PATCH', `/api/pages/${pageId}`, { token: user.token, body: { title: 'The strike at the locomotive plant' } })
    expect(renamed.status).toBe(200)

    await waitFor(async () => (await pageIds('locomotive plant')).includes(pageId), 'the new title to be searchable', 5_000)
    const byOldTitle = await search('Locomotive works strike')
    expect(byOldTitle[0]).toMatchObject({ pageId, title: 'The strike at the locomotive plant' })
    // A misspelt old title still leads there.
    expect((await search('Lokomotive works')).map((r) => r.pageId)).toContain(pageId)
  })

  it('stops finding a deleted page', async () => {
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Draft about the vanishing cemetery' })
    await waitFor(async () => (await pageIds('vanishing cemetery')).includes(pageId), 'the page to be searchable', 5_000)
    expect((await api(server.url, 'DELETE', `/api/pages/${pageId}`, { token: user.token })).status).toBe(204)
    expect(await pageIds('vanishing cemetery')).toEqual([])
    // Both rows of its search document go (the deleted page stays, for undelete): a titles row
    // left behind would still take one of the title tier's candidates. The deletion's refresh
    // runs after the request has answered (a loaded CI run read the rows before it), so the rows
    // are asked until they are gone.
    const rows = async () => (await server.palimpsest.services.db.query<{ titles: number; texts: number }>(
      `SELECT (SELECT count(*) FROM search_titles WHERE page_id = $1)::int AS titles,
              (SELECT count(*) FROM search_documents WHERE page_id = $1)::int AS texts`, [pageId]))[0]
    await expect.poll(rows, { timeout: 5_000 }).toEqual({ titles: 0, texts: 0 })
  })

  it('shows page text containing markup as text, with only the matches marked', async () => {
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Markup in text' })
    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    try {
      appendParagraph(writer.doc, 'Quoted verbatim: <img src=x onerror="alert(1)"> & the word xylographic.')
      await writer.settled()
      const [hit] = await waitFor(async () => {
        const results = await search('xylographic')
        return results.length ? results : null
      }, 'the text to be searchable', 5_000)
      expect(hit.snippet).toBe('Quoted verbatim: &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; the word <mark>xylographic</mark>')
    } finally {
      writer.destroy()
    }
  })

  // While a page is typed in, its search document is rebuilt at most once every few seconds;
  // a rebuild still waiting for its turn when the server stops is made before the database closes.
  it('makes a search rebuild still waiting for its turn before the server stops', async () => {
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Stopping notes' })
    const writer = await connectProvider(server.wsUrl, pageId, { token: user.token })
    const storedText = async () => (await readSearchSource(server.palimpsest.services.db, pageId))?.text ?? ''
    try {
      appendParagraph(writer.doc, 'The first word is quodlibetic.')
      await writer.settled()
      await waitFor(async () => (await pageIds('quodlibetic')).includes(pageId), 'the first word to be searchable', 5_000)
      appendParagraph(writer.doc, 'Then came a second: vituperative.')
      await writer.settled()
      // Indexed (the page's text), its search rebuild left for the end of the interval.
      await waitFor(async () => (await storedText()).includes('vituperative'), 'the page text to be stored', 5_000)
    } finally {
      writer.destroy()
    }
    await server.stop()
    server = await server.restart()
    expect(await pageIds('vituperative')).toEqual([pageId])
  })
})

