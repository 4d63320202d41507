import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import { openDb } from '../../server/core/db/openDb.ts'
import { openPerson, typeAtEnd, waitForSaveState } from '../e2e/browserSession.ts'
import { api } from '../support/api.ts'
import { closeBrowserContexts, sharedBrowser } from '../support/browser.ts'
import { waitFor } from '../support/providers.ts'
import { hasChromium, requirePart } from '../support/requirements.ts'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { freePort } from './support/freePort.ts'
import { postgresBinaries, startPrivatePostgres, type PrivatePostgres } from './support/privatePostgres.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom } from './support/scenarioSeed.ts'
import { createSharedSpace } from './support/sharedSpace.ts'
import { contentOf, countLostEdits, storedDocument } from './support/storedDocument.ts'
import { tokensIn, Typist } from './support/Typist.ts'

const OUTAGE_MS = 10_000
const WRITERS = 6
const PAGES = 2
const FAILURE_LOGS = /unhandled rejection|uncaught exception/iu

// The outage needs a Postgres server this test may stop: its own, made with initdb (PGlite cannot go away).
const bin = postgresBinaries()
const runs = requirePart(bin !== null, 'the Postgres server binaries (initdb, pg_ctl)', 'install the postgresql package')
const chromium = runs && hasChromium()

let postgres: PrivatePostgres | undefined
let server: SpawnedServer | undefined
let browser: Browser | undefined
const typists: Typist[] = []

afterAll(async () => {
  for (const t of typists) t.client.destroy()
  await closeBrowserContexts(browser)
  await server?.kill('SIGKILL')
  postgres?.destroy()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(!runs)('database outage', { timeout: 180_000 }, () => {
  it('while Postgres is down for 10 s the server stays up, writers keep their edits and see "Saving…" (nothing unstored is relayed), and when it returns every edit is stored and reaches the others', async () => {
    const random = scenarioRandom('database-outage')
    onTestFailed(() => console.log(`server log (end):\n${server?.stderr().slice(-6000)}`))
    postgres = await startPrivatePostgres(bin!)
    server = await spawnServer({ target: { url: postgres.url }, url: postgres.url, drop: async () => {} }, { LOG_LEVEL: 'warn', STORE_DEBOUNCE_MS: '500', STORE_MAX_DEBOUNCE_MS: '2000' })
    // The writers share PAGES pages; a person in Chromium edits one more page, watched by a silent reader.
    const space = await createSharedSpace(server.url, { editors: 3, pages: PAGES + 1 })
    const tabPageId = space.pageIds.pop()!
    for (let i = 0; i < WRITERS; i++) typists.push(await Typist.connect(i, server.wsUrl, space.pageIds[i % PAGES], space.tokens[i % 3]))
    const watcher = await Typist.connect(WRITERS, server.wsUrl, tabPageId, space.tokens[1])
    typists.push(watcher)
    const tab = chromium ? await (async () => {
      browser = await sharedBrowser()
      const person = await openPerson(browser, server!.url, space.tokens[0])
      await person.page.goto(`${server!.url}/p/${tabPageId}`)
      await waitForSaveState(person.page, 'saved')
      return person
    })() : undefined

    let typing = true
    const typed = (async () => {
      while (typing) {
        for (const typist of typists) if (typist !== watcher && random.chance(0.1)) typist.typeOne(random)
        await sleep(20)
      }
    })()
    await sleep(2000)

    postgres.stop()
    const outageStarted = Date.now()
    const typedAtOutage = typists.map((t) => t.tokens.length)
    // Nothing that cannot be stored is relayed: an edit made now reaches the others only later.
    const [a, b] = typists.filter((t) => t.pageId === space.pageIds[0])
    const probe = a.typeOne(random)
    const health = await api(server.url, 'GET', '/api/health')
    expect(health.status).toBe(503)
    expect(health.body.error.id).toBe('database_unavailable')
    if (tab) {
      await typeAtEnd(tab.page, ' Typed while the database is away.')
      await waitForSaveState(tab.page, 'saving')
    }
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)))
    expect(tokensIn(b.doc)).not.toContain(probe)
    if (tab) expect(contentOf(watcher.doc)).not.toContain('Typed while the database is away.')
    // Nothing typed during the outage was acknowledged: every writer who typed still shows unsaved changes.
    const typedInOutage = typists.map((t, i) => t.tokens.length - typedAtOutage[i])
    typists.forEach((t, i) => {
      if (typedInOutage[i] > 0) expect(t.client.provider.unsyncedChanges).toBeGreaterThan(0)
      expect(t.acked).toBeLessThanOrEqual(typedAtOutage[i])
    })
    expect(server.child.exitCode).toBeNull()

    postgres.start()
    const backAt = Date.now()
    const typedAtReturn = typists.map((t) => t.tokens.length)
    await waitFor(() => typists.every((t, i) => t.acked >= typedAtReturn[i]), 'every edit of the outage to be acknowledged', 60_000)
    const recoveryMs = Date.now() - backAt
    await waitFor(() => tokensIn(b.doc).includes(probe), 'the edit made during the outage to reach another writer')
    if (tab) await waitForSaveState(tab.page, 'saved', 30_000)
    if (tab) await waitFor(() => contentOf(watcher.doc).includes('Typed while the database is away.'), 'the browser\'s edit to reach a reader')
    typing = false
    await typed
    for (const t of typists) await t.client.settled(30_000)
    space.pageIds.push(tabPageId)
    for (const pageId of space.pageIds) {
      const writers = typists.filter((t) => t.pageId === pageId)
      await waitFor(() => writers.every((t) => contentOf(t.doc) === contentOf(writers[0].doc)), `the writers of ${pageId} to converge`, 30_000)
    }

    // A clean stop stores everything; the database then holds every edit and exactly the clients' state.
    const expected = new Map(space.pageIds.map((id) => [id, contentOf(typists.find((t) => t.pageId === id)!.doc)]))
    if (tab) expect(expected.get(tabPageId)).toContain('Typed while the database is away.')
    await closeBrowserContexts(browser)
    browser = undefined
    for (const t of typists) t.client.destroy()
    expect(await server.kill('SIGTERM')).toBe(0)
    expect(server.stderr()).not.toMatch(FAILURE_LOGS)
    const lost = await countLostEdits({ url: postgres.url }, typists, expected, (_page, stored, want) => expect(stored).toBe(want))
    const edits = typists.reduce((n, t) => n + t.tokens.length, 0)
    recordFigures({
      scenario: 'database-outage',
      title: `${WRITERS} writers on ${PAGES} pages${tab ? ' and a person in Chromium on a third' : ''}; the server's Postgres stopped (immediate shutdown) for ${OUTAGE_MS / 1000} s`,
      seed: random.seed,
      faults: `1 Postgres outage of ${Math.round((backAt - outageStarted) / 1000)} s`,
      inputs: `${edits} edits, ${typedInOutage.reduce((x, y) => x + y, 0)} of them during the outage`,
      editsLost: lost,
      recoveryMs,
      notes: `server up throughout (health 503 during the outage, exit 0 on SIGTERM after); edits were relayed once stored, none during the outage; ${tab ? 'the page showed "Saving…" until the database returned; ' : ''}no unhandled rejection or uncaught exception logged`,
    })
    expect(lost).toBe(0)
  })

  it('a server killed during a database outage loses nothing its writers hold: nothing unstored was relayed, and after the restart each writer hands back its own edits and everything is stored', async () => {
    const random = scenarioRandom('outage-crash')
    onTestFailed(() => console.log(`server log (end):\n${server?.stderr().slice(-6000)}`))
    postgres?.destroy()
    postgres = await startPrivatePostgres(bin!)
    const database = { target: { url: postgres.url }, url: postgres.url, drop: async () => {} }
    const env = { LOG_LEVEL: 'warn', PORT: String(await freePort()) }
    server = await spawnServer(database, env)
    const space = await createSharedSpace(server.url, { editors: 3, pages: 1 })
    const writers = await Promise.all([0, 1, 2].map((i) => Typist.connect(100 + i, server!.wsUrl, space.pageIds[0], space.tokens[i])))
    typists.push(...writers)
    for (const w of writers) for (let i = 0; i < 5; i++) w.typeOne(random)
    for (const w of writers) await w.client.settled()

    // Postgres goes away; everyone keeps typing, and nobody's words reach the others: none can be stored.
    const storedBefore = writers.map((w) => w.tokens.length)
    postgres.stop()
    for (let round = 0; round < 10; round++) for (const w of writers) w.typeOne(random)
    const all = writers.flatMap((w) => w.tokens)
    await waitFor(() => writers.every((w) => w.client.provider.unsyncedChanges > 0), 'every writer to hold unsaved edits')
    writers.forEach((w, i) => {
      for (const other of writers) if (other !== w) for (const token of w.tokens.slice(storedBefore[i])) expect(tokensIn(other.doc)).not.toContain(token)
    })
    // Then the server dies, and comes back with the database.
    await server.kill('SIGKILL')
    postgres.start()
    const restarting = Date.now()
    server = await spawnServer(database, env)
    await waitFor(() => writers.every((w) => w.acked === w.tokens.length), 'every writer to be saved after the restart', 60_000)
    const recoveryMs = Date.now() - restarting
    await waitFor(() => writers.every((w) => contentOf(w.doc) === contentOf(writers[0].doc)), 'the writers to converge')
    const expected = contentOf(writers[0].doc)
    for (const w of writers) w.client.destroy()
    expect(await server.kill('SIGTERM')).toBe(0)
    expect(server.stderr()).not.toMatch(FAILURE_LOGS)
    const db = await openDb(database.target)
    let stored
    try {
      stored = await storedDocument(db, space.pageIds[0])
    } finally {
      await db.close()
    }
    const present = new Set(tokensIn(stored))
    const lost = all.filter((t) => !present.has(t)).length
    expect(contentOf(stored)).toBe(expected)
    recordFigures({
      scenario: 'outage-crash',
      title: '3 writers on one page; Postgres stopped, the writers type, the server is killed with SIGKILL, then both come back',
      seed: random.seed,
      faults: '1 Postgres outage with 1 SIGKILL inside it',
      inputs: `${all.length} edits, ${writers.length * 10} of them made during the outage and held only by their writers when the server died`,
      editsLost: lost,
      recoveryMs,
      notes: 'nothing unstored had been relayed; every writer reconnected carrying its own unstored edits; all were accepted, acknowledged and stored; the page is identical on every writer and in the database',
    })
    expect(lost).toBe(0)
  })
})
