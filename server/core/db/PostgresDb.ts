import pg from 'pg'
import type { Db, Queryable } from './Db.ts'

// bigint and count(*) come back as JavaScript numbers, as PGlite returns them.
pg.types.setTypeParser(20, (value: string) => Number(value))

function toPgParams(params: unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p))
}

function fromPgRow<Row>(row: Record<string, unknown>): Row {
  for (const key in row) {
    const value = row[key]
    if (Buffer.isBuffer(value)) row[key] = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  }
  return row as Row
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, toPgParams(params))
      return result.rows.map((row) => fromPgRow<Row>(row))
    },
    async exec(sql: string) {
      await client.query(sql)
    },
  }
}

/** A pool of connections to a Postgres server. */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const
  readonly pool: pg.Pool
  private readonly base: Queryable

  constructor(url: string, max = 10) {
    this.pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 })
    // An idle client that loses its server emits 'error'; the pool replaces it.
    this.pool.on('error', () => {})
    this.base = queryable(this.pool)
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
    return this.base.query<Row>(sql, params)
  }

  exec(sql: string): Promise<void> {
    return this.base.exec(sql)
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(queryable(client))
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.pool.connect()
    const handler = (message: pg.Notification) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    }
    // A checked-out client has no pool 'error' handler: without one, losing the connection
    // would be an uncaught exception. A lost listener stays silent (see listenWithHeartbeat).
    let lost: Error | undefined
    const onError = (error: Error) => { lost = error }
    client.on('error', onError)
    client.on('notification', handler)
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
    return async () => {
      client.off('notification', handler)
      if (!lost) await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => {})
      client.off('error', onError)
      // Releasing with the error makes the pool discard a broken connection.
      client.release(lost)
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
