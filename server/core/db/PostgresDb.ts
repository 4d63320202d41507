import postgres from 'postgres'
import type { Db, Queryable } from './Db.ts'

/**
 * How values cross the wire, agreeing with PGlite's adapter: bigint and count(*) come back as
 * JavaScript numbers, bytea as plain Uint8Arrays; a string bound to a json parameter is taken
 * as JSON text already (callers pass `JSON.stringify(value)`), anything else is stringified.
 */
const TYPES = {
  bigint: { to: 20, from: [20], serialize: (value: unknown) => String(value), parse: (value: string) => Number(value) },
  bytea: {
    to: 17,
    from: [17],
    serialize: (value: Uint8Array) => `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
    parse: (value: string) => {
      const bytes = Buffer.from(value.slice(2), 'hex')
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    },
  },
  json: {
    to: 114,
    from: [114, 3802],
    serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
    parse: (value: string) => JSON.parse(value) as unknown,
  },
}

type Runner = Pick<postgres.Sql, 'unsafe'>

function queryable(sql: Runner): Queryable {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      // Prepared: a statement is parsed once per connection, then each call is one round trip.
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: params.length > 0 })
      return rows as unknown as Row[]
    },
    async exec(script: string) {
      // No parameters: the simple protocol, which takes several statements at once.
      await sql.unsafe(script)
    },
  }
}

function connect(url: string, max: number) {
  return postgres(url, {
    max,
    connect_timeout: 5,
    types: TYPES,
    // As pg did: an undefined parameter is NULL.
    transform: { undefined: null },
    // Notices (e.g. "relation already exists, skipping") are not ours to print.
    onnotice: () => {},
  })
}

/** Connections to a Postgres server, through Postgres.js. */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const
  readonly url: string
  private readonly sql: ReturnType<typeof connect>
  private readonly base: Queryable

  constructor(url: string, max = 10) {
    this.url = url
    this.sql = connect(url, max)
    this.base = queryable(this.sql)
  }

  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]> {
    return this.base.query<Row>(text, params)
  }

  exec(script: string): Promise<void> {
    return this.base.exec(script)
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // `begin` commits when the callback resolves and rolls back when it throws.
    return await this.sql.begin((tx) => work(queryable(tx as unknown as Runner))) as T
  }

  async listen(channel: string, onNotify: (payload: string) => void, onRelisten?: () => void): Promise<() => Promise<void>> {
    // Postgres.js listens on one connection of its own and, when that connection is lost,
    // reconnects and listens again, calling `onlisten` each time: every call after the first
    // is a new connection, and what was notified in between was missed.
    // After such a reconnection the listener is a new one that the first `unlisten` no longer
    // reaches, so a stopped listener also stops passing anything on.
    let listened = false
    let stopped = false
    const { unlisten } = await this.sql.listen(channel, (payload) => {
      if (!stopped) onNotify(payload)
    }, () => {
      if (listened && !stopped) onRelisten?.()
      listened = true
    })
    return async () => {
      stopped = true
      await unlisten().catch(() => {})
    }
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 })
  }
}
