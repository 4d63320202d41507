import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph, clearPage, collectNotices, linkText, typeAtEnd } from './linkWriting.ts'

// One server for the file; every test works in a space of its own.
let server: TestServer
const providers: TestProvider[] = []

beforeAll(async () => {
  server = await startTestServer()
})
afterEach(() => {
  for (const p of providers.splice(0)) p.destroy()
})
afterAll(async () => {
  await server?.close()
})

/** An editor, a private space and pages titled `titles` in it (the first made with the space). */
async function setUp(titles: string[]) {
  const alice = await signUpUser(server.url, 'alice')
  const { spaceId, spaceSlug, pageId } = await createSpaceWithPage(server.url, alice.token, { title: titles[0] })
  const ids = [pageId]
  for (const title of titles.slice(1)) {
    const page = await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title } })
    expect(page.status).toBe(201)
    ids.push(page.body.id)
  }
  return { url: server.url, wsUrl: server.wsUrl, alice, spaceId, spaceSlug, ids }
}

async function open(wsUrl: string, pageId: string, token: string): Promise<TestProvider> {
  const connection = await connectProvider(wsUrl, pageId, { token })
  providers.push(connection)
  return connection
}

describe('backlinks', () => {
  it('a link to a section (`Page#Section`) counts as a link to the page', async () => {
    const { url, wsUrl, alice, ids: [a, b] } = await setUp(['Strike at the plant', 'Novocherkassk'])
    const writer = await open(wsUrl, a, alice.token)
    appendLinkedParagraph(writer.doc, ['See ', { target: 'Novocherkassk#The trials', label: 'the trials' }, ' for the verdicts.'])
    await writer.settled()

    await waitFor(async () => (await api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token })).body?.length === 1, 'the section link to reach B’s backlinks')
    const backlinks = await api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token })
    expect(backlinks.body).toEqual([expect.objectContaining({ pageId: a, title: 'Strike at the plant', linkCount: 1 })])
  })

  it('a link typed by a real provider in page A shows in B’s backlinks with its sentence, and B’s open connection is told', async () => {
    const { url, wsUrl, alice, ids: [a, b] } = await setUp(['Strike at the plant', 'Novocherkassk'])
    const reader = await open(wsUrl, b, alice.token)
    const notices = collectNotices(reader)
    const writer = await open(wsUrl, a, alice.token)

    appendLinkedParagraph(writer.doc, ['The workers walked out on 1 June. Troops were sent to Novocherkassk that night. Nobody expected it.'])
    linkText(writer.doc, 'Novocherkassk')
    await writer.settled()

    await waitFor(() => notices.some((n) => n.type === 'backlinks' && n.pageId === b), 'B to be told its backlinks changed')
    const backlinks = await api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token })
    expect(backlinks.status).toBe(200)
    expect(backlinks.body).toEqual([expect.objectContaining({
      pageId: a, title: 'Strike at the plant', snippet: 'Troops were sent to Novocherkassk that night.', linkCount: 1,
    })])
    const [from, to] = backlinks.body[0].highlight
    expect(backlinks.body[0].snippet.slice(from, to)).toBe('Novocherkassk')
  })

  it('editing the sentence around a link updates the snippet, and removing the link removes the backlink', async () => {
    const { url, wsUrl, alice, ids: [a, b] } = await setUp(['Notes', 'Target'])
    const writer = await open(wsUrl, a, alice.token)
    appendLinkedParagraph(writer.doc, ['See ', { target: 'Target', label: 'the target' }])
    const backlinks = () => api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token }).then((r) => r.body)

    await waitFor(async () => (await backlinks())[0]?.snippet === 'See the target', 'the first snippet')
    typeAtEnd(writer.doc, ' page for details.')
    await waitFor(async () => (await backlinks())[0]?.snippet === 'See the target page for details.', 'the edited snippet')

    clearPage(writer.doc)
    appendLinkedParagraph(writer.doc, ['No links any more.'])
    await waitFor(async () => (await backlinks()).length === 0, 'the backlink to go')
  })

  it('titles match after NFC normalization, whitespace collapsing and case folding, and [[Title|shown text]] shows its own text', async () => {
    const { url, wsUrl, alice, ids: [a, b] } = await setUp(['Source', 'Café  Society'])
    const writer = await open(wsUrl, a, alice.token)
    // "cafe\u0301" is the decomposed form of "café".
    appendLinkedParagraph(writer.doc, ['Met at the ', { target: 'CAFE\u0301   society', label: 'usual place' }, '.'])
    await waitFor(async () => (await api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token })).body.length === 1, 'the backlink')
    const links = await api(url, 'GET', `/api/pages/${a}/links`, { token: alice.token })
    expect(links.body).toEqual([{ target: 'CAFÉ society', label: 'usual place', page: expect.objectContaining({ id: b, title: 'Café Society' }) }])
  })

  it('a page linking to itself is not its own backlink, and several links from one page count once with their number', async () => {
    const { url, wsUrl, alice, ids: [a, b] } = await setUp(['Self', 'Other'])
    const writer = await open(wsUrl, a, alice.token)
    appendLinkedParagraph(writer.doc, [{ target: 'Self' }, ' and ', { target: 'Other' }, '.'])
    appendLinkedParagraph(writer.doc, ['Again ', { target: 'other' }, '.'])
    await waitFor(async () => (await api(url, 'GET', `/api/pages/${b}/backlinks`, { token: alice.token })).body[0]?.linkCount === 2, 'two links')
    expect((await api(url, 'GET', `/api/pages/${a}/backlinks`, { token: alice.token })).body).toEqual([])
  })

  it('orphaned pages are those no other page links to', async () => {
    const { url, wsUrl, alice, spaceId, ids: [a, b, c] } = await setUp(['Hub', 'Linked', 'Lonely'])
    const writer = await open(wsUrl, a, alice.token)
    appendLinkedParagraph(writer.doc, [{ target: 'Linked' }, ' ', { target: 'Hub' }])
    const orphans = async () => (await api(url, 'GET', `/api/spaces/${spaceId}/orphans`, { token: alice.token })).body.map((p: { id: string }) => p.id)
    await waitFor(async () => !(await orphans()).includes(b), 'Linked to stop being an orphan')
    expect((await orphans()).sort()).toEqual([a, c].sort())
  })
})
