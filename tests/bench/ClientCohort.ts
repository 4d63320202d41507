import { databaseCpuBetween, type ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'
import type { ClientSpec, EditPlan, WorkerRecording } from './workerProtocol.ts'

/** What one timed edit phase produced. */
export interface PhaseResult {
  recordings: WorkerRecording[]
  edits: number
  skipped: number
  wallMs: number
  /** CPU the server process spent during the phase (and its settling). */
  serverCpuMs: number
  /** CPU the Postgres server spent on the target's database meanwhile (null: not a Postgres target). */
  databaseCpuMs: number | null
  /** How late the server's event loop ran during the phase: p99 and worst (ms). */
  loopDelay: { p99: number; max: number }
  /** Updates Palimpsest appended to its durable log during the phase (null on bare Hocuspocus). */
  logged: number | null
}

/**
 * A set of providers open on some pages at once, spread over the client processes:
 * `perPage` providers on each page, users taken in turn from the target's accounts.
 */
export class ClientCohort {
  readonly specs: ClientSpec[]
  readonly perPage: number
  private readonly pool: WorkerPool
  private readonly target: ServerTarget

  private constructor(pool: WorkerPool, target: ServerTarget, specs: ClientSpec[], perPage: number) {
    this.pool = pool
    this.target = target
    this.specs = specs
    this.perPage = perPage
  }

  /** Opens every provider (synced) and gives each page its text block. */
  static async open(pool: WorkerPool, target: ServerTarget, pages: string[], perPage: number, name: string): Promise<ClientCohort> {
    const tokens = target.tokens
    const specs: ClientSpec[] = []
    pages.forEach((page, pageIndex) => {
      for (let j = 0; j < perPage; j++) specs.push({ id: `${name}-${pageIndex}-${j}`, page, pageIndex, token: tokens[j % tokens.length] })
    })
    const cohort = new ClientCohort(pool, target, specs, perPage)
    await pool.all((p) => ({ type: 'connect', url: target.wsUrl, clients: cohort.ofProcess(p), concurrency: 16 }))
    // One provider per page writes the block; everyone waits until they see it (bare Hocuspocus keeps pages only while open).
    await pool.all((p) => ({ type: 'init', ids: cohort.ofProcess(p).filter((s) => s.id.endsWith('-0')).map((s) => s.id) }))
    await pool.all((p) => ({ type: 'waitReady', ids: cohort.ofProcess(p).map((s) => s.id) }))
    return cohort
  }

  /** The clients held by one client process. */
  ofProcess(processIndex: number): ClientSpec[] {
    return this.specs.filter((_, i) => i % this.pool.processes.length === processIndex)
  }

  /**
   * Every client edits at `ratePerClient` for `durationMs`, replaying the trace from its own
   * offset (in the concurrent trace: author j of each page replays agent j). Then waits until
   * everything is acknowledged and delivered, and collects the recordings.
   */
  async edit(options: { ratePerClient: number; durationMs: number; trace: EditPlan['trace'] }): Promise<PhaseResult> {
    const before = await this.target.probe()
    const databaseBefore = await this.target.databaseCpu()
    const loggedBefore = (await this.target.metrics()).palimpsest_updates_total
    const started = performance.now()
    const outcomes = await this.pool.all<{ edits: number; skipped: number }>((p) => ({
      type: 'edit',
      plan: {
        ...options,
        clients: this.specs.map((s, i) => ({ s, i })).filter(({ i }) => i % this.pool.processes.length === p)
          .map(({ s, i }) => ({ id: s.id, agent: i % this.perPage, offset: i * 2477 })),
      },
    }))
    const wallMs = performance.now() - started
    await this.pool.all(() => ({ type: 'settle', timeoutMs: 60_000 }))
    const after = await this.target.probe()
    const databaseAfter = await this.target.databaseCpu()
    const loggedAfter = (await this.target.metrics()).palimpsest_updates_total
    const recordings = await this.pool.all<WorkerRecording>(() => ({ type: 'collect' }))
    return {
      recordings,
      edits: outcomes.reduce((n, o) => n + o.edits, 0),
      skipped: outcomes.reduce((n, o) => n + o.skipped, 0),
      wallMs,
      // From after the first probe's forced collections to before the second's.
      serverCpuMs: after.cpuBeforeGcMs - before.cpuMs,
      databaseCpuMs: databaseCpuBetween(databaseBefore, databaseAfter),
      loopDelay: { p99: after.loopDelayP99Ms, max: after.loopDelayMaxMs },
      logged: loggedBefore === undefined ? null : loggedAfter - loggedBefore,
    }
  }

  /** Closes every provider of the client processes and waits until the server let go of the pages. */
  async close(): Promise<void> {
    await this.pool.all(() => ({ type: 'disconnect' }))
    await this.target.waitUnloaded()
  }
}
