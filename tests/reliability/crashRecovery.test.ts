import { afterAll, describe, expect, it } from 'vitest'
import { openDb } from '../../server/core/db/openDb.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/testDatabase.ts'
import { freePort } from './support/freePort.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom } from './support/scenarioSeed.ts'
import { createSharedSpace } from './support/sharedSpace.ts'
import { contentOf, readStoredDocuments } from './support/storedDocument.ts'
import { tokensIn, Typist } from './support/Typist.ts'

const FULL = process.env.RELIABILITY_FULL === '1'
const ROUNDS = FULL ? 20 : onPostgres ? 5 : 3
const WRITERS = 20
const PAGES = 4
/** Server settings: a short compaction debounce, so kills land both before and after compactions. */
const SERVER_ENV = { STORE_DEBOUNCE_MS: '300', STORE_MAX_DEBOUNCE_MS: '1500' }

let database: TestDatabase | undefined
let server: SpawnedServer | undefined
const typists: Typist[] = []

afterAll(async () => {
  for (const t of typists) t.client.destroy()
  await server?.kill('SIGKILL')
  await database?.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('crash recovery', { timeout: 240_000 }, () => {
  it('after repeated SIGKILLs of the server while 20 writers type, every acknowledged edit is stored, the writers reconnect and converge without duplicated text, and a clean stop compacts everything for a new reader', async () => {
    const random = scenarioRandom('crash')
    database = await createTestDatabase()
    const port = await freePort()
    const env = { ...SERVER_ENV, PORT: String(port) }
    server = await spawnServer(database, env)
    const space = await createSharedSpace(server.url, { editors: 5, pages: PAGES })
    for (let i = 0; i < WRITERS; i++) {
      typists.push(await Typist.connect(i, server.wsUrl, space.pageIds[i % PAGES], space.tokens[i % space.tokens.length]))
    }

    // Everyone types all along, through the kills and the restarts: about 5 edits/s each.
    let typing = true
    const typed = (async () => {
      while (typing) {
        for (const typist of typists) if (random.chance(0.1)) typist.typeOne(random)
        await sleep(20)
      }
    })()

    const rounds: { ackedAtKill: number; lost: number; restartMs: number; recoverMs: number }[] = []
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(random.int(800, 3000))
      const ackedAtKill = typists.map((t) => t.acked)
      await server.kill('SIGKILL')
      // Acknowledged = stored: read the database itself before anything can resend.
      const stored = await readStoredDocuments(database.target, space.pageIds)
      const lost = typists.flatMap((t, i) => {
        const present = new Set(tokensIn(stored.get(t.pageId)!))
        return t.tokens.slice(0, ackedAtKill[i]).filter((token) => !present.has(token))
      })
      const restarting = Date.now()
      server = await spawnServer(database, env)
      const restartMs = Date.now() - restarting
      // Recovered: every writer is back and everything typed until the restart is acknowledged.
      const typedBefore = typists.map((t) => t.tokens.length)
      await waitFor(() => typists.every((t, i) => t.client.provider.isSynced && t.acked >= typedBefore[i]), 'every writer to reconnect and be saved', 60_000)
      rounds.push({ ackedAtKill: ackedAtKill.reduce((a, b) => a + b, 0), lost: lost.length, restartMs, recoverMs: Date.now() - restarting })
      console.log(`[reliability] crash round ${round + 1}: ${JSON.stringify(rounds.at(-1))}${lost.length ? ` lost: ${lost.slice(0, 10).join(', ')}` : ''}`)
    }
    typing = false
    await typed

    // Every writer settles; the replicas of each page are identical and hold every token exactly once.
    for (const t of typists) await t.client.settled(30_000)
    for (const pageId of space.pageIds) {
      const writers = typists.filter((t) => t.pageId === pageId)
      await waitFor(() => writers.every((t) => contentOf(t.doc) === contentOf(writers[0].doc)), `the writers of ${pageId} to converge`, 30_000)
      const tokens = tokensIn(writers[0].doc)
      expect(tokens.length).toBe(new Set(tokens).size)
      expect(new Set(tokens)).toEqual(new Set(writers.flatMap((t) => t.tokens)))
    }

    // The stored state equals the clients' (read after a clean stop: log compacted into state).
    const expected = new Map(space.pageIds.map((id) => [id, contentOf(typists.find((t) => t.pageId === id)!.doc)]))
    for (const t of typists) t.client.destroy()
    expect(await server.kill('SIGTERM')).toBe(0)
    const final = await readStoredDocuments(database.target, space.pageIds)
    for (const pageId of space.pageIds) expect(contentOf(final.get(pageId)!)).toBe(expected.get(pageId))
    // SIGTERM compacted every page's log into its stored state.
    const db = await openDb(database.target)
    try {
      const left = await db.query<{ n: number }>('SELECT count(*) AS n FROM page_updates WHERE page_id = ANY($1)', [space.pageIds])
      const states = await db.query<{ n: number }>('SELECT count(*) AS n FROM page_documents WHERE page_id = ANY($1)', [space.pageIds])
      expect([left[0].n, states[0].n]).toEqual([0, PAGES])
    } finally {
      await db.close()
    }

    // A client that was never part of it opens each page on a fresh server and reads the same.
    server = await spawnServer(database, env)
    for (const pageId of space.pageIds) {
      const reader = await connectProvider(server.wsUrl, pageId, { token: space.tokens[0] })
      expect(contentOf(reader.doc)).toBe(expected.get(pageId))
      reader.destroy()
    }

    const edits = typists.reduce((n, t) => n + t.tokens.length, 0)
    const lost = rounds.reduce((n, r) => n + r.lost, 0)
    recordFigures({
      scenario: 'crash',
      title: `${WRITERS} writers on ${PAGES} pages, server killed with SIGKILL at random moments and restarted`,
      seed: random.seed,
      faults: `${ROUNDS} SIGKILLs`,
      inputs: `${edits} edits; after each kill every edit acknowledged so far was looked up in the database (${rounds.map((r) => r.ackedAtKill).join(', ')})`,
      editsLost: lost,
      recoveryMs: Math.max(...rounds.map((r) => r.recoverMs)),
      notes: `time to recover = from starting the server again to every writer reconnected with all it typed meanwhile acknowledged; the server itself took ${Math.max(...rounds.map((r) => r.restartMs))} ms at worst to listen; 0 duplicated tokens; stored state = clients' on all ${PAGES} pages`,
    })
    expect(lost).toBe(0)
  })
})
