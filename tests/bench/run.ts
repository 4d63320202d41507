// `npm run bench [-- --quick]`: Palimpsest side by side with bare Hocuspocus, in one run,
// on real editing traces. Prints one Markdown table, writes the results as JSON, and (full
// runs) rewrites the results section of docs/BENCHMARKS.md.
import { mkdirSync, writeFileSync } from 'node:fs'
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
    }
    : {
      latencyMs: 10_000, rates: [500, 1000, 2000, 3000, 4000, 6000, 8000], stepMs: 3_000, openRepetitions: 8, idleConnections: 400, loadedPages: 150,
      backlinkRepetitions: 8, searchPages: 10_000, searchPagesWithText: 500, searchRounds: 5, diffRounds: 5,
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

async function benchTarget(options: BenchOptions, pool: WorkerPool, name: BenchOptions['targets'][number]): Promise<TargetResult> {
  const p = plan(options)
  log(`starting ${name}`)
  const result: TargetResult = { target: name, label: TARGET_LABELS[name], latency: {}, throughput: null, coldOpen: null, storage: null, memory: null, features: null, errors: [] }
  let target: ServerTarget
  try {
    target = await ServerTarget.start(name, options.postgresUrl)
  } catch (error) {
    log(`${result.label} did not start: ${(error as Error).message}`)
    result.errors.push(`start: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`)
    return result
  }
  try {
    // Memory first, on a quiet server, so nothing earlier lingers in its heap.
    const runs = (workload: string) => options.only.has(workload)
    if (runs('memory')) result.memory = await attempt(result, 'memory', () => measureMemory(pool, target, p.idleConnections, p.loadedPages))
    const scenarios = LATENCY_SCENARIOS.filter((s) => runs('latency') && (!options.scenarios || options.scenarios.has(s.key)))
    for (const scenario of scenarios) {
      const measured = await attempt(result, `latency ${scenario.key}`, () => measurePeerLatency(pool, target, scenario, p.latencyMs))
      if (measured) result.latency[scenario.key] = measured
    }
    if (runs('throughput')) result.throughput = await attempt(result, 'throughput', () => measureThroughput(pool, target, p.rates, p.stepMs))
    if (runs('open')) result.coldOpen = await attempt(result, 'cold open', () => measureColdOpen(pool, target, p.openRepetitions))
    if (target.isPalimpsest && runs('features')) {
      result.features = await attempt(result, 'features', () => measureFeatures(pool, target, { ...p, longPage: result.coldOpen }))
    }
  } finally {
    await pool.all(() => ({ type: 'disconnect' })).catch(() => {})
    await target.stop()
    if (result.coldOpen) result.storage = await attempt(result, 'stored bytes', () => storedBytes(target, result.coldOpen!.pageId))
    await target.dispose()
  }
  return result
}

async function main(): Promise<void> {
  let options: BenchOptions
  try {
    options = parseBenchOptions(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
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
  const targets: TargetResult[] = []
  try {
    for (const name of options.targets) targets.push(await benchTarget(options, pool, name))
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
  const table = formatResultsTable(results)
  console.log(`\n${table}\n\nGoals:\n${formatGoals(results)}\n`)
  mkdirSync(dirname(options.jsonOut), { recursive: true })
  writeFileSync(options.jsonOut, `${JSON.stringify(results, null, 2)}\n`)
  log(`results written to ${options.jsonOut}`)
  if (options.writeDocs) log(`${writeBenchmarksDoc(results, table)} updated`)
  if (targets.some((t) => t.errors.length > 0)) process.exitCode = 1
}

await main()
