import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { Db, Queryable } from './Db.ts'

const parsers = { 20: (value: string) => Number(value) }

/**
 * The embedded Postgres (PGlite): one connection in this process, data in `dataDir`
 * (or in memory when none is given, as tests use it).
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const
  private readonly pglite: PGlite

  private constructor(pglite: PGlite) {
    this.pglite = pglite
  }

  static async open(dataDir?: string): Promise<PgliteDb> {
    const pglite = await PGlite.create({ dataDir, extensions: { pg_trgm, unaccent }, parsers })
    return new PgliteDb(pglite)
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
