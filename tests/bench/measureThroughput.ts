import { ClientCohort } from './ClientCohort.ts'
import { summarize, type Summary } from './latencyStats.ts'
import type { ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'

/** Pages and editors of the throughput workload: 50 pages with 2 editors each. */
const PAGES = 50
const PER_PAGE = 2
/**
 * A step "holds" while the offered rate is met and the acknowledgement p95 stays under this.
 * (p95, not p99: on a shared machine a few stray stalls of another process move the p99 of
 * a few seconds' sample; a server that cannot keep up moves every percentile, and for good.)
 */
export const ACK_P95_LIMIT_MS = 50

/** One offered rate and what came of it. */
export interface ThroughputStep {
  offered: number
  achieved: number
  ack: Summary
  logged: number | null
  held: boolean
  /** CPU per update of the server process, and of the Postgres server (Postgres target). */
  serverCpuMsPerUpdate: number
  databaseCpuMsPerUpdate: number | null
  /** How late the server's event loop ran during the step (ms). */
  serverLoopDelay: { p99: number; max: number }
}

/** The highest update rate that held, with every step tried. */
export interface ThroughputResult {
  sustained: number
  steps: ThroughputStep[]
  /** Every acknowledged update was in the durable log (Palimpsest). */
  everyUpdateLogged: boolean | null
}

/**
 * Sustained durable updates per second: 100 editors on 50 pages replay the automerge-paper
 * trace at rising total rates, after an untimed warm-up (first edits bind client ids, code
 * gets compiled). A step holds when the rate is met and the p95 from edit to acknowledgement
 * (for Palimpsest: the update is committed in the log) stays under the limit. Stops after two
 * steps in a row that do not hold.
 */
export async function measureThroughput(pool: WorkerPool, target: ServerTarget, rates: number[], stepMs: number): Promise<ThroughputResult> {
  const pages = await target.createPages(PAGES, 'Throughput')
  const cohort = await ClientCohort.open(pool, target, pages, PER_PAGE, 'throughput')
  const steps: ThroughputStep[] = []
  let everyUpdateLogged: boolean | null = target.isPalimpsest ? true : null
  try {
    await cohort.edit({ ratePerClient: rates[0] / (PAGES * PER_PAGE), durationMs: 1_000, trace: 'sequential' })
    let failures = 0
    for (const offered of rates) {
      const phase = await cohort.edit({ ratePerClient: offered / (PAGES * PER_PAGE), durationMs: stepMs, trace: 'sequential' })
      const acks = phase.recordings.flatMap((r) => Array.from(r.acks))
      const ack = summarize(acks)
      const achieved = phase.edits / (phase.wallMs / 1000)
      const held = achieved >= offered * 0.95 && ack.p95 <= ACK_P95_LIMIT_MS && acks.length >= phase.edits
      if (phase.logged !== null && phase.logged < acks.length) everyUpdateLogged = false
      steps.push({
        offered, achieved, ack, logged: phase.logged, held,
        serverCpuMsPerUpdate: phase.serverCpuMs / Math.max(1, phase.edits),
        databaseCpuMsPerUpdate: phase.databaseCpuMs === null ? null : phase.databaseCpuMs / Math.max(1, phase.edits),
        serverLoopDelay: phase.loopDelay,
      })
      failures = held ? 0 : failures + 1
      if (failures >= 2) break
    }
  } finally {
    await cohort.close()
  }
  return { sustained: sustainedRate(steps), steps, everyUpdateLogged }
}

/**
 * The rate sustained: the highest offered rate below the first step that did not hold (a step
 * that held met its rate within 5%). Steps after a miss are run and recorded, but a system that
 * degraded once on the way up is not credited with the rates above it.
 */
export function sustainedRate(steps: ThroughputStep[]): number {
  let sustained = 0
  for (const step of steps) {
    if (!step.held) break
    sustained = step.offered
  }
  return sustained
}
