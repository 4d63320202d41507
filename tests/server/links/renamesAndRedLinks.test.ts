import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { appendLinkedParagraph, collectNotices } from './linkWriting.ts'

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

/** An editor with a private space, and a page "Notes" open in a real provider. */
async function setUp() {
  const alice = await signUpUser(server.url, 'alice')
  const { spaceId, pageId: notes } = await createSpaceWithPage(server.url, alice.token, { title: 'Notes' })
  const writer = await connectProvider(server.wsUrl, notes, { token: alice.token })
  providers.push(writer)
  const url = server.url
  const call = (method: string, path: string, body?: unknown) => api(url, method, path, { token: alice.token, body })
  const createPage = async (title: string) => {
    const page = await call('POST', `/api/spaces/${spaceId}/pages`, { title })
    expect(page.status).toBe(201)
    return page.body.id as string
  }
  const linksOf = async (pageId: string) => (await call('GET', `/api/pages/${pageId}/links`)).body as { target: string; page: { id: string } | null }[]
  const backlinkIds = async (pageId: string) => (await call('GET', `/api/pages/${pageId}/backlinks`)).body.map((b: { pageId: string }) => b.pageId)
  const wantedTitles = async () => (await call('GET', `/api/spaces/${spaceId}/wanted`)).body.map((w: { title: string }) => w.title)
  return { url, alice, spaceId, notes, writer, call, createPage, linksOf, backlinkIds, wantedTitles }
}

describe('red links, renames and deletes', () => {
  it('a link to a missing title is red and wanted, and turns blue everywhere at once when the page is created', async () => {
    const { notes, writer, call, spaceId, createPage, linksOf, wantedTitles } = await setUp()
    const notices = collectNotices(writer)
    appendLinkedParagraph(writer.doc, ['Read ', { target: 'Strike committee' }, ' and ', { target: 'strike  COMMITTEE', label: 'again' }, '.'])
    await waitFor(async () => (await linksOf(notes)).length === 2, 'the links to be indexed')
    expect((await linksOf(notes)).map((l) => l.page)).toEqual([null, null])
    expect(await wantedTitles()).toEqual(['Strike committee'])
    const wanted = (await call('GET', `/api/spaces/${spaceId}/wanted`)).body[0]
    expect(wanted).toMatchObject({ links: 2, pages: 1, linkedFrom: [{ pageId: notes, title: 'Notes' }] })

    const created = await createPage('Strike Committee')
    await waitFor(async () => (await linksOf(notes)).every((l) => l.page?.id === created), 'both links to turn blue')
    expect(await wantedTitles()).toEqual([])
    await waitFor(() => notices.some((n) => n.type === 'links' && n.pageId === notes), 'the linking page to be told')
    const resolved = await call('GET', `/api/spaces/${spaceId}/resolve?title=${encodeURIComponent('strike committee')}`)
    expect(resolved.body).toMatchObject({ pageId: created, title: 'Strike Committee', via: 'title' })
  })

  it('renaming a page keeps links written with its old title leading to it, through an alias', async () => {
    const { notes, writer, spaceId, call, createPage, linksOf, backlinkIds } = await setUp()
    const page = await createPage('Bloody Saturday')
    appendLinkedParagraph(writer.doc, ['On ', { target: 'Bloody Saturday' }, ' the square filled.'])
    await waitFor(async () => (await backlinkIds(page)).includes(notes), 'the backlink')

    expect((await call('PATCH', `/api/pages/${page}`, { title: 'Novocherkassk massacre' })).status).toBe(200)
    await waitFor(async () => (await call('GET', `/api/pages/${page}/aliases`)).body.length === 1, 'the alias')
    expect((await call('GET', `/api/pages/${page}/aliases`)).body).toEqual([expect.objectContaining({ title: 'Bloody Saturday' })])
    const byOldTitle = await call('GET', `/api/spaces/${spaceId}/resolve?title=${encodeURIComponent('bloody saturday')}`)
    expect(byOldTitle.body).toMatchObject({ pageId: page, title: 'Novocherkassk massacre', via: 'alias' })
    expect((await linksOf(notes))[0].page?.id).toBe(page)
    expect(await backlinkIds(page)).toEqual([notes])

    // A link typed afterwards with the old title resolves too.
    appendLinkedParagraph(writer.doc, ['Again: ', { target: 'bloody saturday' }, '.'])
    await waitFor(async () => (await linksOf(notes)).length === 2, 'the second link')
    expect((await linksOf(notes))[1].page?.id).toBe(page)
  })

  it('renaming a page to a title with red links turns them blue, and renaming it back drops the alias', async () => {
    const { notes, writer, call, createPage, linksOf } = await setUp()
    const page = await createPage('Draft')
    appendLinkedParagraph(writer.doc, [{ target: 'Final title' }])
    await waitFor(async () => (await linksOf(notes)).length === 1, 'the red link')
    expect((await linksOf(notes))[0].page).toBeNull()

    await call('PATCH', `/api/pages/${page}`, { title: 'Final title' })
    await waitFor(async () => (await linksOf(notes))[0].page?.id === page, 'the link to turn blue')
    await call('PATCH', `/api/pages/${page}`, { title: 'Draft' })
    await waitFor(async () => (await call('GET', `/api/pages/${page}/aliases`)).body.map((a: { title: string }) => a.title).join() === 'Final title', 'aliases to be just the later old title')
    expect((await linksOf(notes))[0].page?.id).toBe(page)
  })

  it('a new page with a renamed page’s old title takes over links written with that title', async () => {
    const { notes, writer, call, createPage, linksOf } = await setUp()
    const first = await createPage('Report')
    appendLinkedParagraph(writer.doc, [{ target: 'Report' }])
    await waitFor(async () => (await linksOf(notes))[0]?.page?.id === first, 'the link')
    await call('PATCH', `/api/pages/${first}`, { title: 'Old report' })
    await waitFor(async () => (await call('GET', `/api/pages/${first}/aliases`)).body.length === 1, 'the alias')

    const second = await createPage('Report')
    await waitFor(async () => (await linksOf(notes))[0].page?.id === second, 'the link to follow the new page')
    // Deleting the new page hands the title back to the alias.
    expect((await call('DELETE', `/api/pages/${second}`)).status).toBe(204)
    await waitFor(async () => (await linksOf(notes))[0].page?.id === first, 'the link to lead to the renamed page again')
  })

  it('deleting a page turns links to it red again and takes its own links out of other pages’ backlinks', async () => {
    const { alice, notes, writer, call, createPage, linksOf, backlinkIds, wantedTitles } = await setUp()
    const target = await createPage('Archive')
    const other = await createPage('Index')
    appendLinkedParagraph(writer.doc, ['Kept in the ', { target: 'Archive' }, '.'])
    const linker = await connectProvider(server.wsUrl, target, { token: alice.token })
    providers.push(linker)
    appendLinkedParagraph(linker.doc, ['Listed in the ', { target: 'Index' }, '.'])
    await waitFor(async () => (await backlinkIds(other)).includes(target), 'Archive’s link to Index')
    await waitFor(async () => (await linksOf(notes))[0]?.page?.id === target, 'the link to Archive')

    expect((await call('DELETE', `/api/pages/${target}`)).status).toBe(204)
    await waitFor(async () => (await linksOf(notes))[0].page === null, 'the link to turn red')
    expect(await backlinkIds(other)).toEqual([])
    expect(await wantedTitles()).toEqual(['Archive'])
    const rows = await server.palimpsest.services.db.query('SELECT 1 FROM links WHERE source_page_id = $1 OR target_page_id = $1', [target])
    expect(rows).toEqual([])
  })
})
