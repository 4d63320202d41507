import { ClientCohort } from './ClientCohort.ts'
import { peerLatencies, summarize, type Summary } from './latencyStats.ts'
import type { ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'

/** One "N editors on M pages" latency workload. */
export interface LatencyScenario {
  key: string
  label: string
  pages: number
  perPage: number
  /** Edits per second made by each editor. */
  ratePerClient: number
  trace: 'sequential' | 'concurrent'
}

/** The latency workloads of issue #10: 2, 20 and 100 editors on one page; 1,000 connections over 100 pages. */
export const LATENCY_SCENARIOS: LatencyScenario[] = [
  { key: 'editors2', label: '2 editors on one page (two-author trace, 10 edits/s each)', pages: 1, perPage: 2, ratePerClient: 10, trace: 'concurrent' },
  { key: 'editors20', label: '20 editors on one page (5 edits/s each)', pages: 1, perPage: 20, ratePerClient: 5, trace: 'sequential' },
  { key: 'editors100', label: '100 editors on one page (1 edit/s each)', pages: 1, perPage: 100, ratePerClient: 1, trace: 'sequential' },
  { key: 'connections1000', label: '1,000 connections over 100 pages (0.2 edits/s each)', pages: 100, perPage: 10, ratePerClient: 0.2, trace: 'sequential' },
]

/** Results of one latency workload on one target. */
export interface LatencyResult {
  peer: Summary
  /** Edit → the server's acknowledgement (on Palimpsest: the edit is in the durable log). */
  ack: Summary
  edits: number
  /** Insert arrivals measured / expected (every insert reaching every other provider of its page). */
  delivered: number
  editsPerSecond: number
  serverCpuMsPerEdit: number
  /** CPU of the Postgres server per edit (Postgres target only; PGlite's is in the server's). */
  databaseCpuMsPerEdit: number | null
  /** How late the server's event loop ran during the phase (ms). */
  serverLoopDelay: { p99: number; max: number }
  /** Whether every acknowledged update was appended to the durable log (Palimpsest). */
  everyUpdateLogged: boolean | null
}

/** Opens the scenario's providers, lets them edit for `durationMs`, and measures. */
export async function measurePeerLatency(pool: WorkerPool, target: ServerTarget, scenario: LatencyScenario, durationMs: number): Promise<LatencyResult> {
  const pages = await target.createPages(scenario.pages, `Latency ${scenario.key}`)
  const cohort = await ClientCohort.open(pool, target, pages, scenario.perPage, scenario.key)
  try {
    const phase = await cohort.edit({ ratePerClient: scenario.ratePerClient, durationMs, trace: scenario.trace })
    const { latencies, sentInserts, insertArrivals } = peerLatencies(phase.recordings)
    const acks = phase.recordings.flatMap((r) => Array.from(r.acks))
    return {
      peer: summarize(latencies),
      ack: summarize(acks),
      edits: phase.edits,
      delivered: insertArrivals / Math.max(1, sentInserts * (scenario.perPage - 1)),
      editsPerSecond: phase.edits / (phase.wallMs / 1000),
      serverCpuMsPerEdit: phase.serverCpuMs / Math.max(1, phase.edits),
      databaseCpuMsPerEdit: phase.databaseCpuMs === null ? null : phase.databaseCpuMs / Math.max(1, phase.edits),
      serverLoopDelay: phase.loopDelay,
      everyUpdateLogged: phase.logged === null ? null : phase.logged >= acks.length,
    }
  } finally {
    await cohort.close()
  }
}
