// `node tests/bench/pgliteOpenBench.ts [--opens 10] [--rounds 3]`: the time and CPU to open an
// embedded database (PGlite in a worker thread of its own) and close it again, over the runtime the
// process compiled once (server/core/db/pgliteRuntime.ts: what the server, a restore and the tests
// open with) or with each worker loading and compiling PGlite's own, as every open did before.
// Each way runs in child processes of its own (a module compiled and alive in the process would be
// reused by V8 for the other way too), alternately, `--rounds` of each with `--opens` opens after
// one uncounted; one PGlite folder copied from the test template, a 16 MiB buffer pool as tests use.
// Prints a Markdown table; a benchmark, not a test.
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PgliteWorkerDb } from '../../server/core/db/PgliteWorkerDb.ts'
import { createPgliteTestDatabase, TEST_PGLITE_SHARED_BUFFERS_MB } from '../support/testDatabase.ts'
import { summarize } from './latencyStats.ts'
import { commandLineOption as option } from './commandLineOption.ts'

type Way = 'shared' | 'own'
const OPENS = Number(option('opens', '10'))
const ROUNDS = Number(option('rounds', '3'))
const options = { sharedBuffersMb: TEST_PGLITE_SHARED_BUFFERS_MB }

/** Opens over the process's runtime (PgliteWorkerDb.open as it ships) and closes. */
async function openShared(dataDir: string): Promise<void> {
  const db = await PgliteWorkerDb.open(dataDir, options)
  await db.close()
}

/** Opens a worker that loads PGlite's runtime itself (none handed over) and closes it. */
async function openOwn(dataDir: string): Promise<void> {
  const worker = new Worker(new URL('../../server/core/db/pgliteWorker.ts', import.meta.url), { workerData: { dataDir, options } })
  const reply = (wanted: (message: Record<string, unknown>) => boolean) => new Promise<void>((resolve, reject) => {
    worker.on('message', (message: Record<string, unknown>) => { if (wanted(message)) resolve() })
    worker.once('error', reject)
  })
  await reply((message) => 'ready' in message)
  const closed = reply((message) => message.id === 1)
  worker.postMessage({ op: 'close', id: 1 })
  await closed
  await worker.terminate()
}

/** A child's part: `--opens` opens one way after an uncounted one; prints their times as JSON. */
async function child(way: Way): Promise<void> {
  const database = await createPgliteTestDatabase()
  const { dataDir } = database.target as { dataDir: string }
  const open = way === 'shared' ? openShared : openOwn
  await open(dataDir)
  const times: { ms: number; cpuMs: number }[] = []
  for (let i = 0; i < OPENS; i++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    await open(dataDir)
    const used = process.cpuUsage(cpu)
    times.push({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 })
  }
  await database.drop()
  console.log(JSON.stringify(times))
}

const way = option('child', '') as Way | ''
if (way) {
  await child(way)
} else {
  const loadBefore = loadavg().map((n) => n.toFixed(2))
  const results: Record<Way, { ms: number[]; cpu: number[] }> = { shared: { ms: [], cpu: [] }, own: { ms: [], cpu: [] } }
  for (let round = 0; round < ROUNDS; round++) {
    for (const each of ['shared', 'own'] as const) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', each, '--opens', String(OPENS)], { encoding: 'utf8' })
      for (const { ms, cpuMs } of JSON.parse(out.trim().split('\n').pop()!) as { ms: number; cpuMs: number }[]) {
        results[each].ms.push(ms)
        results[each].cpu.push(cpuMs)
      }
    }
  }
  const f = (n: number) => n.toFixed(0)
  console.log(`PGlite opened and closed in worker threads: ${ROUNDS} processes each way, alternately, ${OPENS} counted opens in each `
    + `(shared_buffers ${TEST_PGLITE_SHARED_BUFFERS_MB} MiB). Milliseconds; CPU is the whole process's, all threads.\n`)
  console.log('| open + close | count | time p50 | time p95 | CPU p50 | CPU p95 |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
  for (const [each, label] of [['shared', 'over the runtime compiled once (as shipped)'], ['own', 'each worker compiling its own']] as const) {
    const time = summarize(results[each].ms)
    const cpu = summarize(results[each].cpu)
    console.log(`| ${label} | ${time.count} | ${f(time.p50)} | ${f(time.p95)} | ${f(cpu.p50)} | ${f(cpu.p95)} |`)
  }
  console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.join(' / ')} before and `
    + `${loadavg().map((n) => n.toFixed(2)).join(' / ')} after (1, 5, 15 min), shared with other work.`)
}
