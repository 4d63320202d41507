import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { Db, Queryable } from './Db.ts'
import type { PgliteRuntime } from './pgliteRuntime.ts'

/** How PGlite is started. */
export interface PgliteOptions {
  /** Its buffer pool (shared_buffers) in MiB; PGlite's default (128) when absent. */
  sharedBuffersMb?: number
  /** Its WebAssembly compiled beforehand and its file bundle (pgliteRuntime); PGlite loads its own when absent. */
  runtime?: PgliteRuntime
}

// bigint and count(*) come back as JavaScript numbers, as from the Postgres server.
const parsers = { 20: (value: string) => Number(value) }

/**
 * The embedded Postgres (PGlite) on this thread: one connection, data in `dataDir`. The server
 * runs it in a worker thread (PgliteWorkerDb); this is what that worker runs.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const
  private readonly pglite: PGlite

  private constructor(pglite: PGlite) {
    this.pglite = pglite
  }

  static async open(dataDir: string, options: PgliteOptions = {}): Promise<PgliteDb> {
    // PGlite initialises its whole buffer pool at every start: 128 MiB costs about 0.35 s of CPU.
    const startParams = options.sharedBuffersMb === undefined
      ? undefined
      : [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffersMb}MB`]
    return new PgliteDb(await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent }, parsers, startParams, ...options.runtime }))
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    const result = await this.pglite.query<Row>(sql, params)
    return result.rows
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql)
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pglite.transaction(async (tx) => work({
      async query<Row>(sql: string, params?: unknown[]) {
        return (await tx.query<Row>(sql, params)).rows
      },
      async exec(sql: string) {
        await tx.exec(sql)
      },
    }))
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const unsubscribe = await this.pglite.listen(channel, onNotify)
    return async () => unsubscribe()
  }

  async close(): Promise<void> {
    await this.pglite.close()
  }
}
