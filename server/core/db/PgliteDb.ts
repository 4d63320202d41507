import { Mutex, PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { Db, Queryable } from './Db.ts'
import { PglitePreparedStatements } from './PglitePreparedStatements.ts'
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
 * runs it in a worker thread (PgliteWorkerDb); this is what that worker runs. Statements that
 * read or write rows run prepared (PglitePreparedStatements), so they are outside PGlite's own
 * locking: this class's lock keeps each one out of another caller's open transaction.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const
  private readonly pglite: PGlite
  private readonly statements: PglitePreparedStatements
  /** Held by each statement outside a transaction and by each transaction, so none runs inside another's. */
  private readonly connection = new Mutex()

  private constructor(pglite: PGlite) {
    this.pglite = pglite
    this.statements = new PglitePreparedStatements(pglite)
  }

  static async open(dataDir: string, options: PgliteOptions = {}): Promise<PgliteDb> {
    // PGlite initialises its whole buffer pool at every start: 128 MiB costs about 0.35 s of CPU.
    const startParams = options.sharedBuffersMb === undefined
      ? undefined
      : [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffersMb}MB`]
    return new PgliteDb(await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent }, parsers, startParams, ...options.runtime }))
  }

  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.connection.runExclusive(() => this.run<Row>(sql, params, (text, values) => this.pglite.query<Row>(text, values)))
  }

  exec(sql: string): Promise<void> {
    return this.connection.runExclusive(() => this.script(sql, (text) => this.pglite.exec(text)))
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.connection.runExclusive(async () => {
      const before = this.statements.forgotten
      try {
        return await this.pglite.transaction((tx) => work({
          query: <Row>(sql: string, params: unknown[] = []) => this.run<Row>(sql, params, (text, values) => tx.query<Row>(text, values), true),
          exec: (sql: string) => this.script(sql, (text) => tx.exec(text)),
        }))
      } finally {
        // The schema changed inside: rolled back, what was prepared after the change read a schema that is gone.
        if (this.statements.forgotten !== before) await this.statements.forgetAll()
      }
    })
  }

  /** A statement: prepared when it reads or writes rows, else as PGlite runs it (`unprepared`). */
  private async run<Row>(
    sql: string, params: unknown[], unprepared: (sql: string, params: unknown[]) => Promise<{ rows: Row[] }>, inTransaction = false,
  ): Promise<Row[]> {
    if (PglitePreparedStatements.preparable(sql)) return this.statements.query<Row>(sql, params, inTransaction)
    const { rows } = await unprepared(sql, params)
    await this.afterSchemaChange(sql)
    return rows
  }

  private async script(sql: string, exec: (sql: string) => Promise<unknown>): Promise<void> {
    await exec(sql)
    await this.afterSchemaChange(sql)
  }

  /** Closes every prepared statement after `sql` if it may have changed what they read. */
  private async afterSchemaChange(sql: string): Promise<void> {
    if (PglitePreparedStatements.changesSchema(sql)) await this.statements.forgetAll()
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const unsubscribe = await this.connection.runExclusive(() => this.pglite.listen(channel, onNotify))
    return () => this.connection.runExclusive(() => unsubscribe())
  }

  async close(): Promise<void> {
    await this.connection.runExclusive(() => this.pglite.close())
  }
}
