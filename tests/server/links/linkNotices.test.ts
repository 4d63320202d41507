import { afterEach, describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'
import { appendLinkedParagraph, collectNotices } from './linkWriting.ts'

const servers: TestServer[] = []
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  // Servers may share a database: stop them all, then drop each database once.
  const stopping = servers.splice(0)
  for (const s of stopping.reverse()) await s.stop()
  for (const database of new Set(stopping.map((s) => s.database))) await database.drop()
})

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options)
  servers.push(server)
  return server
}

describe('link notices and start-up', () => {
  it.skipIf(!onPostgres)('a link typed on one instance reaches the backlinks of a page open on another instance', { timeout: 60_000 }, async () => {
    const first = await start()
    const second = await start({ database: first.database })
    const alice = await signUpUser(first.url, 'alice')
    const { spaceId, pageId: source } = await createSpaceWithPage(first.url, alice.token, { title: 'Source' })
    const target = (await api(first.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title: 'Target' } })).body.id

    const reader = await connectProvider(second.wsUrl, target, { token: alice.token })
    providers.push(reader)
    const notices = collectNotices(reader)
    const writer = await connectProvider(first.wsUrl, source, { token: alice.token })
    providers.push(writer)
    appendLinkedParagraph(writer.doc, ['Linked to ', { target: 'Target' }, '.'])

    await waitFor(() => notices.some((n) => n.type === 'backlinks' && n.pageId === target), 'the notice on the other instance')
    const backlinks = await api(second.url, 'GET', `/api/pages/${target}/backlinks`, { token: alice.token })
    expect(backlinks.body.map((b: { pageId: string }) => b.pageId)).toEqual([source])
  })

  it('a page open in a provider is not told anything when an edit leaves its backlinks as they were', { timeout: 60_000 }, async () => {
    const server = await start()
    const alice = await signUpUser(server.url, 'alice')
    const { spaceId, pageId: source } = await createSpaceWithPage(server.url, alice.token, { title: 'Source' })
    const create = async (title: string) => (await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title } })).body.id as string
    const [target, marker] = [await create('Target'), await create('Marker')]
    const writer = await connectProvider(server.wsUrl, source, { token: alice.token })
    const reader = await connectProvider(server.wsUrl, target, { token: alice.token })
    const markerReader = await connectProvider(server.wsUrl, marker, { token: alice.token })
    providers.push(writer, reader, markerReader)
    const notices = collectNotices(reader)
    const markerNotices = collectNotices(markerReader)
    appendLinkedParagraph(writer.doc, ['Linked to ', { target: 'Target' }, '.'])
    await waitFor(() => notices.length === 1, 'the notice of the new backlink')

    // Text in another paragraph changes nothing Target shows; the link to Marker, indexed in
    // the same run or a later one, shows the indexer has seen the edit.
    appendLinkedParagraph(writer.doc, ['Unrelated text.'])
    appendLinkedParagraph(writer.doc, ['See ', { target: 'Marker' }, '.'])
    await waitFor(() => markerNotices.length === 1, 'the marker notice')
    expect(notices).toEqual([{ type: 'backlinks', pageId: target }])
  })

  // Three start-ups of a server: slow on PGlite on a busy machine.
  it('links lost track of while the server was down are brought back in line at start-up', { timeout: 120_000 }, async () => {
    let server = await start()
    const alice = await signUpUser(server.url, 'alice')
    const { spaceId, pageId: source } = await createSpaceWithPage(server.url, alice.token, { title: 'Source' })
    const target = (await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: alice.token, body: { title: 'Target' } })).body.id
    const writer = await connectProvider(server.wsUrl, source, { token: alice.token })
    appendLinkedParagraph(writer.doc, ['Linked to ', { target: 'Target' }, '.'])
    const outgoing = async () => (await api(server.url, 'GET', `/api/pages/${source}/links`, { token: alice.token })).body
    await waitFor(async () => (await outgoing())[0]?.page?.id === target, 'the blue link')
    writer.destroy()

    // The page goes away behind the server's back (as if it crashed before handling the event).
    await server.stop()
    server = await server.restart()
    servers.push(server)
    await server.palimpsest.services.db.query('UPDATE pages SET deleted_at = now() WHERE id = $1', [target])
    await server.stop()
    server = await server.restart()
    servers.push(server)
    await waitFor(async () => (await outgoing())[0]?.page === null, 'the link to be red after the restart')
  })
})
