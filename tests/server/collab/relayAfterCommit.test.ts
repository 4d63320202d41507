import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { CloseCodes } from '../../../shared/closeCodes.ts'
import { createPageForTwo } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { spawnedServerPerTest } from '../../support/spawnedServerPerTest.ts'
import { onPostgres } from '../../support/testDatabase.ts'

const spawned = spawnedServerPerTest()
const { providers } = spawned

const refused = (p: TestProvider) => p.closes.some((c) => c.reason === CloseCodes.clientIdTaken.reason)

// Holding a lock on the log table needs a second connection to the server's database: Postgres only.
describe.skipIf(!onPostgres)('relay only after commit', { timeout: 120_000 }, () => {
  it('an edit whose log row never committed reached no other client, so after a crash every client syncs again without being refused, and the author\'s copy comes back', async () => {
    let server = await spawned.spawn()
    const database = spawned.database()
    const { ann, bob, pageId } = await createPageForTwo(server.url)
    const a = await connectProvider(server.wsUrl, pageId, { token: ann.token })
    const b = await connectProvider(server.wsUrl, pageId, { token: bob.token })
    providers.push(a, b)
    appendParagraph(a.doc, 'Stored before the crash.')
    await a.settled()
    await waitFor(() => docText(b.doc) === 'Stored before the crash.', 'the first edit to reach Bob')

    // The log stops committing: Ann's next edit waits for its row, and the server dies meanwhile.
    let bobsCopy: typeof b.doc
    const locker = new pg.Client({ connectionString: database.url! })
    await locker.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE page_updates IN EXCLUSIVE MODE')
      appendParagraph(a.doc, 'Typed while the log is stuck.')
      await waitFor(async () => (await locker.query(`SELECT 1 FROM pg_locks WHERE relation = 'page_updates'::regclass AND NOT granted`)).rowCount! > 0, 'the append to wait for the lock')
      // Bob opens the page in a second tab now: whatever the page holds, that tab receives.
      const tab = await connectProvider(server.wsUrl, pageId, { token: bob.token })
      providers.push(tab)
      await server.kill('SIGKILL')
      // Never relayed: its row was never committed.
      expect(docText(tab.doc)).toBe('Stored before the crash.')
      bobsCopy = tab.doc
      // The dead server's waiting INSERT would still commit once the lock goes: end it first.
      await locker.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE relation = 'page_updates'::regclass AND NOT granted`)
      await locker.query('ROLLBACK')
    } finally {
      await locker.end()
    }
    for (const p of providers) p.destroy()

    server = await spawned.spawn()
    // Bob comes back first: his sync holds nothing the server lost, and is accepted.
    const bobAgain = await connectProvider(server.wsUrl, pageId, { token: bob.token, doc: bobsCopy })
    providers.push(bobAgain)
    appendParagraph(bobAgain.doc, 'Bob after the restart.')
    await bobAgain.settled()
    // Ann's client still holds her unacknowledged edit and hands it back.
    const annAgain = await connectProvider(server.wsUrl, pageId, { token: ann.token, doc: a.doc })
    providers.push(annAgain)
    await annAgain.settled()
    const expected = ['Stored before the crash.', 'Bob after the restart.', 'Typed while the log is stuck.']
    await waitFor(() => [...expected].sort().join() === docText(bobAgain.doc).split('\n').sort().join(), 'Ann\'s edit to reach Bob')
    expect(refused(bobAgain) || refused(annAgain)).toBe(false)
    expect(docText(annAgain.doc)).toBe(docText(bobAgain.doc))
    const reader = await connectProvider(server.wsUrl, pageId, { token: bob.token })
    providers.push(reader)
    expect(docText(reader.doc)).toBe(docText(bobAgain.doc))
  })
})
