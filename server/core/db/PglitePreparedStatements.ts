import { parse, protocol, type PGlite } from '@electric-sql/pglite'

const { serialize } = protocol

/** Statements kept prepared at most; the least recently used one is closed past this. */
export const MAX_PREPARED = 200

/** Statements that read or write rows; anything else (DDL, SET, SAVEPOINT, LISTEN…) is run unprepared. */
const PREPARABLE = /^\s*(select|insert|update|delete|with|values)\b/iu
/** Words of statements after which a prepared statement could read columns that changed. */
const SCHEMA_CHANGE = /\b(create|alter|drop|truncate)\b/iu

interface Prepared {
  name: string
  /** The parameter types Postgres inferred when the statement was prepared. */
  paramTypes: number[]
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * Runs statements on PGlite as named prepared statements, as Postgres.js does on a Postgres
 * server. PGlite's own `query` sends Parse, Describe, Bind, Describe, Execute and Sync as six
 * passes through its WebAssembly, and Postgres parses and plans the text every time; the same
 * statement run again here is one pass (Bind, Describe, Execute, Sync) of a statement parsed
 * once, about half the CPU. Uses only PGlite's published wire-protocol API (`execProtocol`,
 * `protocol.serialize`, `parse.parseResults`, its type serializers and parsers), and so gives
 * the rows `query` gives. The caller makes sure no other work runs on the connection meanwhile
 * (PgliteDb's lock, or the transaction it runs in).
 */
export class PglitePreparedStatements {
  private readonly pglite: PGlite
  /** By statement text, least recently used first. */
  private readonly prepared = new Map<string, Prepared>()
  private nextName = 1
  /** How many times every statement was closed (forgetAll), so a caller can tell whether it happened meanwhile. */
  forgotten = 0

  constructor(pglite: PGlite) {
    this.pglite = pglite
  }

  /** Whether `sql` is run prepared: statements that read or write rows; anything else is run as PGlite runs it. */
  static preparable(sql: string): boolean {
    return PREPARABLE.test(sql)
  }

  /** Whether `sql` may change what a prepared statement reads, so that all are closed after it. */
  static changesSchema(sql: string): boolean {
    return SCHEMA_CHANGE.test(sql)
  }

  /** Runs one preparable statement; `inTransaction` leaves writing to disk to the transaction's end. */
  async query<Row>(sql: string, params: unknown[], inTransaction: boolean): Promise<Row[]> {
    if (this.pglite.closed) throw new Error('PGlite is closed')
    return this.pglite.runExclusive(async () => {
      const statement = this.prepared.get(sql) ?? await this.prepare(sql)
      // Most recently used last.
      this.prepared.delete(sql)
      this.prepared.set(sql, statement)
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null
        const serializer = this.pglite.serializers[statement.paramTypes[i]]
        return serializer ? serializer(value) : String(value)
      })
      const { messages } = await this.pglite.execProtocol(
        concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
        { syncToFs: !inTransaction },
      )
      return (parse.parseResults(messages, this.pglite.parsers)[0]?.rows ?? []) as Row[]
    })
  }

  /** Closes every prepared statement (after DDL, or before the database closes). */
  async forgetAll(): Promise<void> {
    this.forgotten += 1
    if (this.prepared.size === 0 || this.pglite.closed) return
    const names = [...this.prepared.values()].map((p) => p.name)
    this.prepared.clear()
    await this.pglite.runExclusive(() => this.pglite.execProtocol(
      concat([...names.map((name) => serialize.close({ type: 'S', name })), serialize.sync()]), { syncToFs: false, throwOnError: false },
    ))
  }

  private async prepare(sql: string): Promise<Prepared> {
    const name = `palimpsest_${this.nextName++}`
    const [evictedSql, evicted] = this.prepared.size >= MAX_PREPARED ? this.prepared.entries().next().value ?? [] : []
    if (evictedSql !== undefined) this.prepared.delete(evictedSql)
    const { messages } = await this.pglite.execProtocol(concat([
      ...(evicted ? [serialize.close({ type: 'S', name: evicted.name })] : []),
      serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync(),
    ]), { syncToFs: false })
    return { name, paramTypes: parse.parseDescribeStatementResults(messages) }
  }
}
