import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor } from '../../support/providers.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { clusterPerTest } from './clusterPerTest.ts'

const redis = await scaleOutRedis()

const perTest = clusterPerTest(redis)
const { providers } = perTest
let locker: pg.Client | undefined

// Registered after clusterPerTest's, so it runs first (vitest runs after-hooks in reverse): the lock goes before the cluster stops.
afterEach(async () => {
  await locker?.end().catch(() => {})
  locker = undefined
})

describe.skipIf(!redis)('updates relayed between instances', () => {
  it('an edit whose instance dies before logging it reached no other instance; its author moves to another, which stores it before telling the author it is saved', async () => {
    const cluster = await perTest.start(2)
    const [first, second] = cluster.instances
    const owner = await signUpUser(first.url, 'owner')
    const { pageId } = await createSpaceWithPage(first.url, owner.token)
    // The author reaches the first instance through the proxy; a reader has the page open on the second.
    const author = await connectProvider(cluster.proxy.wsUrl, pageId, { token: owner.token })
    const reader = await connectProvider(second.wsUrl, pageId, { token: owner.token })
    providers.push(author, reader)
    expect(cluster.proxy.connectionsPerBackend).toEqual([1, 0])
    appendParagraph(author.doc, 'saved before')
    await author.settled()
    await waitFor(() => docText(reader.doc).includes('saved before'), 'the reader to see the first line')

    // Postgres stalls the log: the first instance cannot log the next edit, so it neither applies nor relays it.
    locker = new pg.Client({ connectionString: cluster.database.url! })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE page_updates IN SHARE ROW EXCLUSIVE MODE')
    appendParagraph(author.doc, 'never logged by its instance')
    await waitFor(async () => (await locker!.query(`SELECT 1 FROM pg_locks WHERE relation = 'page_updates'::regclass AND NOT granted`)).rowCount! > 0, 'the append to wait for the lock')
    expect(author.provider.unsyncedChanges).toBeGreaterThan(0)

    // The first instance dies; its INSERT, still queued behind the lock in Postgres, is ended with it.
    expect(await first.kill('SIGKILL')).toBe('SIGKILL')
    await locker.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)
    await locker.query('COMMIT')
    expect(docText(reader.doc)).toBe('saved before')

    // The author moves to the second instance and hands the edit back; it is told "saved"…
    await author.settled(30_000)
    expect(cluster.proxy.connectionsPerBackend).toEqual([1, 1])
    await waitFor(() => docText(reader.doc).includes('never logged by its instance'), 'the reader to receive the edit')
    // …so it must be in Postgres, even after everyone leaves and the second instance stops cleanly.
    for (const p of providers.splice(0)) p.destroy()
    expect(await second.kill('SIGTERM')).toBe(0)
    const db = await cluster.openDatabase()
    const stored = await readStoredDocument(db, pageId)
    await db.close()
    const doc = new Y.Doc()
    if (stored.state) Y.applyUpdate(doc, stored.state)
    for (const row of stored.updates) Y.applyUpdate(doc, row.update)
    expect(docText(doc).split('\n')).toEqual(['saved before', 'never logged by its instance'])
  }, 120_000)
})
