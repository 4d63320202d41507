import { Worker } from 'node:worker_threads'
import type { Db, Queryable } from './Db.ts'
import type { PgliteOptions } from './PgliteDb.ts'
import { pgliteRuntime } from './pgliteRuntime.ts'
import { fromWorkerError, type Statement, type WorkerError, type WorkerReply, type WorkerRequest } from './pgliteWorkerProtocol.ts'

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; whole: boolean }
/** The answer to a statement, with its transaction's number when it opened one. */
type StatementReply = Extract<WorkerReply, { id: number }>
/** A request as sent, before it is given its id. */
type Request = WorkerRequest extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never

/**
 * The embedded Postgres (PGlite) in a worker thread of its own (pgliteWorker.ts): this thread
 * only posts SQL and receives rows, so relaying edits never waits while PGlite parses, plans or
 * writes. PGlite is one connection: while a transaction is open, the worker holds every other
 * statement until it ends, as PgliteDb does on this thread.
 */
export class PgliteWorkerDb implements Db {
  readonly kind = 'pglite' as const
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<string, Set<(payload: string) => void>>()
  private nextId = 1
  private gone: Error | null = null

  private constructor(worker: Worker) {
    this.worker = worker
    worker.unref()
    worker.on('message', (reply: WorkerReply) => this.receive(reply))
    worker.on('error', (error) => this.fail(error))
    worker.on('exit', () => this.fail(new Error('the embedded database has stopped')))
  }

  /** Starts the worker and resolves once its PGlite is open (data in `dataDir`). */
  static async open(dataDir: string, options: PgliteOptions = {}): Promise<PgliteWorkerDb> {
    const runtime = options.runtime ?? await pgliteRuntime()
    const worker = new Worker(new URL('./pgliteWorker.ts', import.meta.url), { workerData: { dataDir, options: { ...options, runtime } } })
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if ('failed' in reply) reject(fromWorkerError(reply.failed))
        else if ('ready' in reply) resolve()
        else return
        worker.off('message', onMessage)
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
    })
    return new PgliteWorkerDb(worker)
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    return this.call({ op: 'query', sql, params, tx: null }) as Promise<Row[]>
  }

  async exec(sql: string): Promise<void> {
    await this.call({ op: 'exec', sql, tx: null })
  }

  /**
   * Runs `work` in a transaction. Its first statement goes with the BEGIN in one message, and
   * statements issued before that one is answered wait for it (they need the transaction's
   * number): PGlite has one connection, which an open transaction holds, every other statement
   * (the log's appends among them) waiting; each round trip between the threads lengthens that
   * hold by a turn of this thread's event loop, so the BEGIN costs none of its own.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let opened: Promise<number> | null = null
    const statement = (first: Statement): Promise<unknown> => {
      if (!opened) {
        const reply = this.call({ op: 'begin', first }, true) as Promise<StatementReply>
        // No number: BEGIN itself failed, and no transaction is open.
        opened = reply.then((answer) => answer.tx ?? Promise.reject(fromWorkerError((answer as { error: WorkerError }).error)))
        opened.catch(() => {}) // read once work() is done; the statement's own answer reports the failure first
        return reply.then((answer) => 'error' in answer ? Promise.reject(fromWorkerError(answer.error)) : answer.value)
      }
      return opened.then((tx) => this.call({ ...first, tx }))
    }
    let result: T
    try {
      result = await work({
        query: <Row>(sql: string, params?: unknown[]) => statement({ op: 'query', sql, params }) as Promise<Row[]>,
        exec: async (sql: string) => { await statement({ op: 'exec', sql }) },
      })
    } catch (error) {
      const tx = await (opened as Promise<number> | null)?.catch(() => null)
      if (tx != null) await this.call({ op: 'end', tx, commit: false }).catch(() => {})
      throw error
    }
    const tx = await (opened as Promise<number> | null)
    if (tx != null) await this.call({ op: 'end', tx, commit: true })
    return result
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel)
    if (!set) {
      set = new Set()
      this.listeners.set(channel, set)
      await this.call({ op: 'listen', channel })
    }
    set.add(onNotify)
    return async () => {
      const current = this.listeners.get(channel)
      if (!current?.delete(onNotify) || current.size > 0) return
      this.listeners.delete(channel)
      await this.call({ op: 'unlisten', channel }).catch(() => {})
    }
  }

  /** Closes PGlite (its folder is then consistent) and ends the worker. */
  async close(): Promise<void> {
    if (this.gone) return
    await this.call({ op: 'close' })
    await this.worker.terminate()
  }

  /** Sends a request; resolves with its value, or (`whole`) with the reply itself, errors included. */
  private call(request: Request, whole = false): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone)
    const id = this.nextId++
    // The worker keeps the process alive only while an answer is awaited, as a socket would.
    if (this.pending.size === 0) this.worker.ref()
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, whole })
      this.worker.postMessage({ ...request, id })
    })
  }

  private receive(reply: WorkerReply): void {
    if ('notify' in reply) {
      for (const listener of this.listeners.get(reply.notify) ?? []) listener(reply.payload)
      return
    }
    if (!('id' in reply)) return
    const pending = this.pending.get(reply.id)
    if (!pending) return
    this.pending.delete(reply.id)
    if (this.pending.size === 0) this.worker.unref()
    if (pending.whole) pending.resolve(reply)
    else if ('error' in reply) pending.reject(fromWorkerError(reply.error))
    else pending.resolve(reply.value)
  }

  private fail(error: Error): void {
    this.gone ??= error
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
