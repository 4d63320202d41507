// `node tests/bench/startupBench.ts --database <postgres url> [--runs 3] [--rounds 200]`: how long
// an instance holding a large, already filled database takes to be ready, and what a reader then
// waits for. The database is one a bench filled and kept (e.g. `searchBench.ts --keep <name>`,
// whose pages all have bodies). Each run starts the real server (`server/start.ts`, SEED=false,
// the client built beforehand) as a child process and polls `GET /api/health` every 10 ms until
// it answers 200, alternately as it ships (Node's module compile cache on, see server/main.ts) and
// with the cache turned off (NODE_DISABLE_COMPILE_CACHE=1), with the CPU the server's process used
// until then; then link previews by page and by title are timed over HTTP, signed in as a viewer
// of the space. Prints a Markdown table; a benchmark, not a test.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { openDb } from '../../server/core/db/openDb.ts'
import { upsertMembership } from '../../server/spaces/spaceQueries.ts'
import { freePort } from '../reliability/support/freePort.ts'
import { api, signUpUser } from '../support/api.ts'
import { seededRandom } from '../support/seededRandom.ts'
import { summarize, type Summary } from './latencyStats.ts'
import { commandLineOption as option } from './commandLineOption.ts'

const DATABASE = option('database', '')
const RUNS = Number(option('runs', '3'))
const ROUNDS = Number(option('rounds', '200'))
if (!DATABASE) throw new Error('--database <postgres url of a filled database> is required')

const log = (message: string) => process.stderr.write(`[startup bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

/** CPU time (user + system, all threads) the process has used so far, in ms (Linux's /proc; NaN elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/** Starts the server on `port`; resolves with the ms (and CPU ms) until health answered 200, and a stop function. */
async function startServer(port: number, compileCache: boolean): Promise<{ readyMs: number; cpuMs: number; stop: () => Promise<void> }> {
  const started = performance.now()
  const child = spawn(process.execPath, ['server/start.ts'], {
    env: {
      ...process.env, DATABASE_URL: DATABASE, PORT: String(port), SEED: 'false', LOG_LEVEL: 'warn',
      ...(compileCache ? {} : { NODE_DISABLE_COMPILE_CACHE: '1' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false)
    if (ok) break
    if (performance.now() - started > 120_000) throw new Error('not ready within 120 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const readyMs = performance.now() - started
  return { readyMs, cpuMs: cpuMs(child.pid!), stop: async () => { child.kill('SIGTERM'); await exited } }
}

async function timed(rounds: number, call: (i: number) => Promise<unknown>): Promise<Summary> {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await call(i)
    times.push(performance.now() - start)
  }
  return summarize(times)
}

const loadBefore = loadavg().map((n) => n.toFixed(2))
const db = await openDb({ url: DATABASE })
const [{ pages, bodies }] = await db.query<{ pages: number; bodies: number }>(
  `SELECT count(*)::int AS pages, count(*) FILTER (WHERE coalesce(length(content_text), 0) > 0)::int AS bodies FROM pages WHERE deleted_at IS NULL`)
const [space] = await db.query<{ id: string }>('SELECT space_id AS id FROM pages WHERE deleted_at IS NULL GROUP BY space_id ORDER BY count(*) DESC LIMIT 1')
const sample = await db.query<{ id: string; title: string }>(
  'SELECT id, title FROM pages WHERE space_id = $1 AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT $2', [space.id, ROUNDS])
log(`${pages} pages (${bodies} with text); ${RUNS} starts`)

// A first start, not counted, fills the cache if it is empty (as a first start after an install
// does); then RUNS starts of each kind, alternated.
await (await startServer(await freePort(), true)).stop()
const ready = { cached: [] as number[], uncached: [] as number[] }
const cpu = { cached: [] as number[], uncached: [] as number[] }
let previews: { byPage: Summary; byTitle: Summary } | null = null
for (let run = 0; run < 2 * RUNS; run++) {
  const kind = run % 2 === 0 ? 'cached' : 'uncached'
  const port = await freePort()
  const server = await startServer(port, kind === 'cached')
  ready[kind].push(server.readyMs)
  cpu[kind].push(server.cpuMs)
  log(`start ${run + 1} (compile cache ${kind === 'cached' ? 'on' : 'off'}): health 200 after ${server.readyMs.toFixed(0)} ms, ${server.cpuMs} ms of CPU`)
  try {
    if (run === 2 * RUNS - 2) {
      const url = `http://127.0.0.1:${port}`
      const reader = await signUpUser(url, 'startup')
      await upsertMembership(db, space.id, reader.id, 'viewer')
      const get = (path: string) => api(url, 'GET', path, { token: reader.token })
      const random = seededRandom(26)
      const pick = () => sample[Math.floor(random() * sample.length)]
      await get(`/api/pages/${pick().id}/preview`)
      const byPage = await timed(ROUNDS, () => get(`/api/pages/${pick().id}/preview`))
      const byTitle = await timed(ROUNDS, () => get(`/api/spaces/${space.id}/preview?target=${encodeURIComponent(pick().title)}`))
      previews = { byPage, byTitle }
    }
  } finally {
    await server.stop()
  }
}
await db.close()

console.log(`Start-up bench: ${pages.toLocaleString('en-US')} pages (${bodies.toLocaleString('en-US')} with text) in a Postgres database filled beforehand; `
  + `the server started ${RUNS} times with Node's module compile cache and ${RUNS} times without, alternately (SEED=false, client built), `
  + 'health polled every 10 ms. Milliseconds.\n')
console.log('| what | count | p50 | p95 | max |')
console.log('| --- | ---: | ---: | ---: | ---: |')
for (const [kind, label] of [['cached', 'compile cache on (as shipped)'], ['uncached', 'compile cache off']] as const) {
  const startup = summarize(ready[kind])
  const used = summarize(cpu[kind])
  console.log(`| start until \`/api/health\` answers 200, ${label} | ${startup.count} | ${ms(startup.p50)} | ${ms(startup.p95)} | ${ms(startup.max)} |`)
  console.log(`| CPU of the server's process until then, ${label} | ${used.count} | ${ms(used.p50)} | ${ms(used.p95)} | ${ms(used.max)} |`)
}
if (previews) {
  console.log(`| link preview by page (\`/pages/:id/preview\`) | ${previews.byPage.count} | ${ms(previews.byPage.p50)} | ${ms(previews.byPage.p95)} | ${ms(previews.byPage.max)} |`)
  console.log(`| link preview by title (\`/spaces/:id/preview?target=\`) | ${previews.byTitle.count} | ${ms(previews.byTitle.p50)} | ${ms(previews.byTitle.p95)} | ${ms(previews.byTitle.max)} |`)
}
console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.join(' / ')} before and `
  + `${loadavg().map((n) => n.toFixed(2)).join(' / ')} after (1, 5, 15 min), shared with other work.`)
