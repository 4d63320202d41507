import { afterAll, beforeAll, expect, it } from 'vitest'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'

// Contract of the acknowledgement gate with the pinned Hocuspocus: it replaces
// `connection.send` and recognises the sync-status message. If an upgrade sends
// acknowledgements another way, the "saved" below arrives before the row and this fails.
// Runs on whatever database the suite has (PGlite without TEST_DATABASE_URL).

let server: TestServer
const providers: TestProvider[] = []
let release = () => {}

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  release()
  for (const p of providers) p.destroy()
  await server?.close()
})

it('holds the acknowledgement of an edit while the update log is stalled, lets peers see the edit meanwhile, and sends it once the row is committed', async () => {
  const owner = await signUpUser(server.url, 'acker')
  const { pageId } = await createSpaceWithPage(server.url, owner.token)
  const author = await connectProvider(server.wsUrl, pageId, { token: owner.token })
  const peer = await connectProvider(server.wsUrl, pageId, { token: owner.token })
  providers.push(author, peer)
  // A first edit binds the author's Yjs client id (attribution reads the database for that).
  appendParagraph(author.doc, 'written before')
  await author.settled()

  // The log's INSERT waits behind a transaction that stays open until `release`.
  const released = new Promise<void>((resolve) => { release = resolve })
  let stalled!: () => void
  const holding = new Promise<void>((resolve) => { stalled = resolve })
  const stall = server.palimpsest.services.db.transaction(async (tx) => {
    await tx.query('SELECT 1')
    stalled()
    await released
  })
  await holding

  appendParagraph(author.doc, 'written while the log is stalled')
  await waitFor(() => docText(peer.doc).includes('written while the log is stalled'), 'the peer to see the edit')
  expect(server.palimpsest.services.updateLog.backlog).toBeGreaterThan(0)
  expect(author.provider.unsyncedChanges).toBeGreaterThan(0)

  release()
  await stall
  await author.settled()
  expect(author.provider.unsyncedChanges).toBe(0)
})
