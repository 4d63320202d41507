import { Worker } from 'node:worker_threads'
import type { PostgresDb } from '../core/db/PostgresDb.ts'
import type { Services } from '../core/Services.ts'
import { runHistoryTask, type HistoryTask } from './historyTask.ts'

type Pending = { resolve: (json: string) => void; reject: (error: Error) => void }

/**
 * Runs history tasks in worker threads (one per computing slot, started on first use) when
 * HISTORY_WORKERS is on, so a blame of a large page does not hold the event loop that serves
 * editing and /api/health. Each worker opens its own pool to the same Postgres; with embedded
 * PGlite, which lives in this process alone, or with the option off, tasks run here.
 */
export class HistoryWorkers {
  private readonly services: Services
  private readonly size: number
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private turn = 0

  constructor(services: Services, size: number) {
    this.services = services
    this.size = size
  }

  /** The task's answer as JSON text. */
  run(task: HistoryTask): Promise<string> {
    const { db, logger } = this.services
    if (!this.services.config.limits.historyWorkers || db.kind !== 'postgres') return runHistoryTask(db, logger, task)
    const worker = this.worker()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, task })
    })
  }

  /** Stops the workers (at shutdown) once each has closed its connections; tasks still running fail. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map(async (worker) => {
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: { closed?: boolean }) => { if (message.closed) resolve() })
        worker.once('exit', () => resolve())
      })
      worker.postMessage({ close: true })
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))])
      await worker.terminate()
    }))
  }

  private worker(): Worker {
    if (this.workers.length < this.size) {
      const databaseUrl = (this.services.db as PostgresDb).url
      const worker = new Worker(new URL('./historyWorker.ts', import.meta.url), {
        workerData: { databaseUrl, logLevel: this.services.config.logLevel },
      })
      worker.unref()
      worker.on('message', ({ id, json, error }: { id?: number; json?: string; error?: string }) => {
        if (id === undefined) return
        const waiting = this.pending.get(id)
        this.pending.delete(id)
        if (error !== undefined) waiting?.reject(new Error(error))
        else waiting?.resolve(json!)
      })
      worker.on('error', (error) => {
        this.services.logger.error({ err: error }, 'a history worker stopped')
        this.workers.splice(this.workers.indexOf(worker), 1)
        for (const [id, waiting] of this.pending) { this.pending.delete(id); waiting.reject(error) }
      })
      this.workers.push(worker)
      return worker
    }
    return this.workers[this.turn++ % this.workers.length]
  }
}
