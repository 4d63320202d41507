// `npm run bench [-- --quick]`: Palimpsest side by side with bare Hocuspocus, in one run,
// on real editing traces. Prints one Markdown table, writes the results as JSON, and (full
// runs) rewrites the results section of docs/BENCHMARKS.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseBenchOptions, type BenchOptions } from './benchOptions.ts'
import { describeMachine } from './describeMachine.ts'
import { loadTrace } from './loadTrace.ts'
import { measureColdOpen } from './measureColdOpen.ts'
import { measureFeatures } from './measureFeatures.ts'
import { measureMemory } from './measureMemory.ts'
import { measurePageViewJs } from './measurePageViewJs.ts'
import { LATENCY_SCENARIOS, measurePeerLatency } from './measurePeerLatency.ts'
import { measureThroughput } from './measureThroughput.ts'
import type { BenchResults, TargetResult } from './BenchResults.ts'
import { formatGoals } from './formatGoals.ts'
import { formatResultsTable } from './formatResultsTable.ts'
import { ServerTarget, TARGET_LABELS } from './ServerTarget.ts'
import { storedBytes } from './storedBytes.ts'
import { WorkerPool } from './WorkerPool.ts'
import { writeBenchmarksDoc } from './writeBenchmarksDoc.ts'

/** How long and how hard each workload runs, full or --quick. */
function plan(options: BenchOptions) {
  return options.quick
    ? {
      latencyMs: 2_500, rates: [1000, 2000, 4000], stepMs: 1_500, openRepetitions: 3, idleConnections: 100, loadedPages: 40,
      backlinkRepetitions: 3, searchPages: 300, searchPagesWithText: 30, searchRounds: 2, diffRounds: 2,
      discussionThreads: 100, discussionOpenRounds: 10, discussionCommentRounds: 10,
    }
    : {
      latencyMs: 10_000, rates: [500, 1000, 2000, 3000, 4000, 6000, 8000], stepMs: 3_000, openRepetitions: 8, idleConnections: 400, loadedPages: 150,
      backlinkRepetitions: 8, searchPages: 10_000, searchPagesWithText: 500, searchRounds: 5, diffRounds: 5,
      discussionThreads: 500, discussionOpenRounds: 20, discussionCommentRounds: 40,
    }
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** Runs one workload; a failure is recorded and the run goes on. */
async function attempt<T>(result: TargetResult, what: string, work: () => Promise<T>): Promise<T | null> {
  const started = performance.now()
  try {
    const value = await work()
    log(`${result.label}: ${what} done in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return value
  } catch (error) {
    log(`${result.label}: ${what} FAILED: ${(error as Error).stack ?? error}`)
    result.errors.push(`${what}: ${(error as Error).message}`)
    return null
  }
}

/** One measure to take on every target. */
interface Workload {
  name: string
  palimpsestOnly?: boolean
  run: (target: ServerTarget, result: TargetResult) => Promise<void>
}

function workloads(options: BenchOptions, pool: WorkerPool): Workload[] {
  const p = plan(options)
  const runs = (workload: string) => options.only.has(workload)
  const list: Workload[] = []
  // Memory first, on quiet servers, so nothing earlier lingers in their heaps.
  if (runs('memory')) list.push({ name: 'memory', run: async (t, r) => { r.memory = await measureMemory(pool, t, p.idleConnections, p.loadedPages) } })
  for (const scenario of LATENCY_SCENARIOS) {
    if (!runs('latency') || (options.scenarios && !options.scenarios.has(scenario.key))) continue
    list.push({ name: `latency ${scenario.key}`, run: async (t, r) => { r.latency[scenario.key] = await measurePeerLatency(pool, t, scenario, p.latencyMs) } })
  }
  if (runs('throughput')) list.push({ name: 'throughput', run: async (t, r) => { r.throughput = await measureThroughput(pool, t, p.rates, p.stepMs) } })
  if (runs('open')) list.push({ name: 'cold open', run: async (t, r) => { r.coldOpen = await measureColdOpen(pool, t, p.openRepetitions) } })
  if (runs('features')) {
    list.push({ name: 'features', palimpsestOnly: true, run: async (t, r) => { r.features = await measureFeatures(pool, t, { ...p, longPage: r.coldOpen }) } })
  }
  return list
}

/**
 * Starts every target, then takes each measure on all of them back to back — in alternating
 * order from one measure to the next — so that a change in the machine's load (it is shared)
 * falls on all targets alike instead of on whichever ran last.
 */
async function benchTargets(options: BenchOptions, pool: WorkerPool): Promise<TargetResult[]> {
  const results: TargetResult[] = []
  const running: { target: ServerTarget; result: TargetResult }[] = []
  for (const name of options.targets) {
    const result: TargetResult = { target: name, label: TARGET_LABELS[name], latency: {}, throughput: null, coldOpen: null, storage: null, memory: null, features: null, errors: [] }
    results.push(result)
    log(`starting ${result.label}`)
    try {
      running.push({ target: await ServerTarget.start(name, options.postgresUrl), result })
    } catch (error) {
      log(`${result.label} did not start: ${(error as Error).message}`)
      result.errors.push(`start: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`)
    }
  }
  try {
    let turn = 0
    for (const workload of workloads(options, pool)) {
      const order = turn++ % 2 === 0 ? running : [...running].reverse()
      for (const { target, result } of order) {
        if (workload.palimpsestOnly && !target.isPalimpsest) continue
        await attempt(result, workload.name, () => workload.run(target, result))
        // Whatever a failure left open is closed before the next target's turn.
        await pool.all(() => ({ type: 'disconnect' })).catch(() => {})
      }
    }
  } finally {
    for (const { target, result } of running) {
      await target.stop()
      if (result.coldOpen) result.storage = await attempt(result, 'stored bytes', () => storedBytes(target, result.coldOpen!.pageId))
      await target.dispose()
    }
  }
  return results
}

async function main(): Promise<void> {
  let options: BenchOptions
  try {
    options = parseBenchOptions(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
  if (options.from) {
    report(JSON.parse(readFileSync(options.from, 'utf8')) as BenchResults, options)
    return
  }
  const started = performance.now()
  const sequential = loadTrace(options.sequentialTrace, 'sequential')
  const concurrent = loadTrace(options.concurrentTrace, 'concurrent')
  for (const trace of [sequential, concurrent]) {
    log(`trace ${trace.name}: ${trace.edits} edits${trace.synthetic ? ' (synthetic: the trace file was not found)' : ''}`)
  }
  const machineBefore = describeMachine()
  // Built before any server starts, so the build does not load the machine during a measure.
  const pageViewJs = options.only.has('features') ? measurePageViewJs() : { notMeasured: 'not run (--only)' }
  const pool = await WorkerPool.start(options.workers, [options.sequentialTrace, options.concurrentTrace])
  let targets: TargetResult[]
  try {
    targets = await benchTargets(options, pool)
  } finally {
    await pool.stop()
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    note: options.note,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: { ...machineBefore, loadAfter: describeMachine().loadBefore },
    traces: [sequential, concurrent].map((t) => ({ name: t.name, edits: t.edits, synthetic: t.synthetic })),
    workers: options.workers,
    pageViewJs,
    targets,
  }
  mkdirSync(dirname(options.jsonOut), { recursive: true })
  writeFileSync(options.jsonOut, `${JSON.stringify(results, null, 2)}\n`)
  log(`results written to ${options.jsonOut}`)
  report(results, options)
  if (targets.some((t) => t.errors.length > 0)) process.exitCode = 1
}

/** Prints the table and the goals; writes them into docs/BENCHMARKS.md when asked. */
function report(results: BenchResults, options: BenchOptions): void {
  const table = formatResultsTable(results)
  console.log(`\n${table}\n\nGoals:\n${formatGoals(results)}\n`)
  if (options.writeDocs) log(`${writeBenchmarksDoc(results, table)} updated`)
}

await main()
