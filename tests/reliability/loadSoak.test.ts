import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import { waitFor } from '../support/providers.ts'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts'
import { metric, readMetrics } from './support/metricsProbe.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom } from './support/scenarioSeed.ts'
import { createSharedSpace } from './support/sharedSpace.ts'
import { contentOf, countLostEdits } from './support/storedDocument.ts'
import { Typist } from './support/Typist.ts'

const FULL = process.env.RELIABILITY_FULL === '1'
const CONNECTIONS = 200
const PAGES = 20
const UPDATES_PER_SECOND = 2
/** 2 minutes with RELIABILITY_FULL=1; a shorter soak in CI. */
const SOAK_MS = FULL ? 120_000 : 25_000
/** Heap the server may keep after everyone left, beyond what it held before the soak (caches, JIT, pools). */
const HEAP_SLACK_BYTES = 24 * 1024 * 1024
const PRELOAD = fileURLToPath(new URL('./support/collectGarbageOnSignal.ts', import.meta.url))
/** pino levels 50 (error) and 60 (fatal). */
const ERROR_LOGS = /"level":(50|60)/u

let database: TestDatabase | undefined
let server: SpawnedServer | undefined
const typists: Typist[] = []

afterAll(async () => {
  for (const t of typists) t.client.destroy()
  await server?.kill('SIGKILL')
  await database?.drop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The server's heap after a full collection, in bytes. */
async function settledHeap(url: string): Promise<number> {
  server!.child.kill('SIGUSR2')
  await sleep(500)
  return metric(await readMetrics(url), 'nodejs_heap_size_used_bytes')
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

describe('load soak', { timeout: 300_000 }, () => {
  it(`${CONNECTIONS} connections editing at ${UPDATES_PER_SECOND} updates/s each raise no error, every update is stored, and after they leave the documents unload and memory returns to its baseline`, async () => {
    const random = scenarioRandom('load-soak')
    onTestFailed(() => console.log(`server log (end):\n${server?.stderr().slice(-4000)}`))
    database = await createTestDatabase()
    // All connections come from this one address: lift the per-address cap, which is not what this measures.
    server = await spawnServer(database, { LOG_LEVEL: 'warn', NODE_OPTIONS: `--expose-gc --import ${PRELOAD}`, COLLAB_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS * 2) })
    const space = await createSharedSpace(server.url, { editors: 10, pages: PAGES })

    // Baseline: the server after one warm-up session (code loaded, pools open), everyone gone.
    const warmUp = await Typist.connect(999, server.wsUrl, space.pageIds[0], space.tokens[0])
    for (let i = 0; i < 20; i++) warmUp.typeOne(random)
    await warmUp.client.settled()
    warmUp.client.destroy()
    await waitFor(async () => metric(await readMetrics(server!.url), 'palimpsest_documents_loaded') === 0, 'the warm-up page to unload', 30_000)
    const baseline = await settledHeap(server.url)
    const baselineRss = metric(await readMetrics(server.url), 'process_resident_memory_bytes')

    for (let i = 0; i < CONNECTIONS; i++) typists.push(await Typist.connect(i, server.wsUrl, space.pageIds[i % PAGES], space.tokens[i % space.tokens.length]))
    const connected = metric(await readMetrics(server.url), 'palimpsest_connections')

    // Each connection sends one update every 1/UPDATES_PER_SECOND s, at its own phase. The clients
    // share this process: its event-loop delay is measured so that it can be told apart from the server's.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 })
    loopDelay.enable()
    const started = Date.now()
    const interval = 1000 / UPDATES_PER_SECOND
    const next = typists.map(() => started + random.next() * interval)
    let peakHeap = 0
    let peakRss = 0
    let peakServerLag = 0
    let lastProbe = 0
    while (Date.now() - started < SOAK_MS) {
      const now = Date.now()
      typists.forEach((t, i) => {
        if (now < next[i]) return
        t.typeOne(random)
        next[i] += interval
      })
      if (now - lastProbe > 2000) {
        lastProbe = now
        const values = await readMetrics(server.url)
        peakHeap = Math.max(peakHeap, metric(values, 'nodejs_heap_size_used_bytes'))
        peakRss = Math.max(peakRss, metric(values, 'process_resident_memory_bytes'))
        peakServerLag = Math.max(peakServerLag, metric(values, 'nodejs_eventloop_lag_p99_seconds'))
      }
      await sleep(10)
    }
    const elapsed = Date.now() - started
    loopDelay.disable()
    for (const t of typists) await t.client.settled(60_000)
    for (const pageId of space.pageIds) {
      const writers = typists.filter((t) => t.pageId === pageId)
      await waitFor(() => writers.every((t) => contentOf(t.doc) === contentOf(writers[0].doc)), `the writers of ${pageId} to converge`, 30_000)
    }
    const expected = new Map(space.pageIds.map((id) => [id, contentOf(typists.find((t) => t.pageId === id)!.doc)]))
    const updates = typists.reduce((n, t) => n + t.tokens.length, 0)
    const latencies = typists.flatMap((t) => t.latencies)
    const closes = typists.reduce((n, t) => n + t.client.closes.length, 0)

    // Everyone leaves: the documents unload and the heap comes back down.
    for (const t of typists) t.client.destroy()
    const leftAt = Date.now()
    await waitFor(async () => {
      const values = await readMetrics(server!.url)
      return metric(values, 'palimpsest_documents_loaded') === 0 && metric(values, 'palimpsest_connections') === 0
    }, 'every document to unload', 60_000)
    const unloadMs = Date.now() - leftAt
    const after = await settledHeap(server.url)
    const afterRss = metric(await readMetrics(server.url), 'process_resident_memory_bytes')

    expect(connected).toBe(CONNECTIONS)
    expect(closes).toBe(0)
    expect(server.stderr()).not.toMatch(ERROR_LOGS)
    expect(after).toBeLessThan(baseline + HEAP_SLACK_BYTES)

    // Every update is stored, and each page is exactly what its writers saw.
    expect(await server.kill('SIGTERM')).toBe(0)
    const lost = await countLostEdits(database.target, typists, expected, (_page, stored, want) => expect(stored).toBe(want))
    expect(lost).toBe(0)

    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
    recordFigures({
      scenario: 'load-soak',
      title: `${CONNECTIONS} connections on ${PAGES} pages, ${UPDATES_PER_SECOND} updates/s each for ${Math.round(elapsed / 1000)} s`,
      seed: random.seed,
      faults: '—',
      inputs: `${updates} updates (${Math.round(updates / (elapsed / 1000))}/s)`,
      editsLost: lost,
      recoveryMs: unloadMs,
      notes: `acknowledged in p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (event-loop delay p99: server ${Math.round(peakServerLag * 1000)} ms at worst, the clients' own process ${Math.round(loopDelay.percentile(99) / 1e6)} ms); heap ${mb(baseline)} before → ${mb(peakHeap)} peak → ${mb(after)} after everyone left (RSS ${mb(baselineRss)} → ${mb(peakRss)} → ${mb(afterRss)}); all ${PAGES} documents unloaded ${unloadMs} ms after the last client left; 0 disconnects, no error logged`,
    })
  })
})
