import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { api, signUpUser } from '../../support/api.ts'
import { appendParagraph, waitFor } from '../../support/providers.ts'
import { serverPerTest } from '../../support/serverPerTest.ts'
import type { TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'
import { revisionsOf, startHistoryServer } from './historyServer.ts'

const perTest = serverPerTest(startHistoryServer)

const PAGES = 6
/** The bound of the server's cuts at the end of bursts (MAX_CONCURRENT_CUTS). */
const BOUND = 2

/** Cuts at the end of bursts running and waiting for their turn, as /metrics reports them. */
async function revisionTurns(target: TestServer): Promise<{ running: number; waiting: number }> {
  const { values } = await target.palimpsest.services.metrics.backgroundWork.get()
  const of = (state: string) => values.find((v) => v.labels.work === 'revisions' && v.labels.state === state)?.value ?? 0
  return { running: of('running'), waiting: of('waiting') }
}

// Holding the pages' revision locks needs a second connection to the server's database: Postgres only.
describe.skipIf(!onPostgres)('revision cuts at the end of bursts take turns', { timeout: 120_000 }, () => {
  it('pages whose bursts all end at once are cut two at a time, and every one of them gets its revision', async () => {
    const server = await perTest.start()
    const alice = await signUpUser(server.url, 'alice')
    const space = await api(server.url, 'POST', '/api/spaces', { token: alice.token, body: { name: 'Turns', visibility: 'private' } })
    const pages: string[] = []
    for (let i = 0; i < PAGES; i += 1) {
      const page = await api(server.url, 'POST', `/api/spaces/${space.body.id}/pages`, { token: alice.token, body: { title: `Page ${i}` } })
      pages.push(page.body.id)
      const editor = await perTest.connect(page.body.id, { token: alice.token })
      appendParagraph(editor.doc, `Written on page ${i}.`)
      await editor.settled()
    }

    // Every page's cut will wait on its revision lock, held here, so the cuts in flight stay visible.
    const locker = new pg.Client({ connectionString: server.database.url! })
    await locker.connect()
    try {
      for (const pageId of pages) await locker.query('SELECT pg_advisory_lock(hashtext($1))', [`revisions:${pageId}`])
      const waitingOnLocks = async () => (await locker.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'advisory' AND datname = current_database()`)).rows[0].n
      // The last editor of every page leaves at once: every burst ends.
      perTest.destroyProviders()
      // Either the cuts beyond the bound queue in the server while those with a turn reach their
      // locks (a running cut may still be on its way there: under load CI saw none yet), or
      // (unbounded) more than the bound reach the database.
      await waitFor(async () => {
        const locks = await waitingOnLocks()
        return ((await revisionTurns(perTest.server())).waiting === PAGES - BOUND && locks === BOUND) || locks > BOUND
      }, 'the cuts beyond the bound to queue')
      expect(await waitingOnLocks()).toBe(BOUND)
      expect(await revisionTurns(server)).toEqual({ running: BOUND, waiting: PAGES - BOUND })
      for (const pageId of pages) await locker.query('SELECT pg_advisory_unlock(hashtext($1))', [`revisions:${pageId}`])
    } finally {
      await locker.end()
    }

    // No cut is lost: each page gets the revision of its burst, with its text.
    for (const [i, pageId] of pages.entries()) {
      const [revision] = await waitFor(async () => {
        const list = await revisionsOf(perTest.server().url, pageId, alice.token)
        return list.length > 0 ? list : null
      }, `page ${i}'s revision`, 30_000)
      expect(revision).toMatchObject({ kind: 'auto', chars: `Written on page ${i}.`.length })
    }
    await waitFor(async () => (await revisionTurns(perTest.server())).running === 0, 'the turns to be given back')
    expect(await revisionTurns(server)).toEqual({ running: 0, waiting: 0 })
  })
})
