import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../server/core/db/Db.ts'
import { loadConfig } from '../../../server/core/config.ts'
import { configuredDbTarget, openDb } from '../../../server/core/db/openDb.ts'
import { PgliteWorkerDb } from '../../../server/core/db/PgliteWorkerDb.ts'
import { createPgliteTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

// The embedded database in its worker thread, as `npm start` opens it (a PGlite folder),
// whatever engine the rest of the run uses.
let database: TestDatabase | undefined
let db: Db | undefined

afterEach(async () => {
  await db?.close()
  await database?.drop()
  db = database = undefined
})

async function open(): Promise<Db> {
  database = await createPgliteTestDatabase()
  db = await openDb(database.target)
  return db
}

/** Settles after `ms` of the event loop's own time (a timer), counting nothing else. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the embedded database in a worker thread', () => {
  it('is what a PGlite folder opens, and carries values both ways as PGlite does', async () => {
    const open1 = await open()
    expect(open1).toBeInstanceOf(PgliteWorkerDb)
    const [row] = await open1.query<{ bytes: Uint8Array; big: number; at: Date; doc: { a: number[] } }>(
      `SELECT $1::bytea AS bytes, 9007199254740991::bigint AS big, $2::timestamptz AS at, $3::jsonb AS doc`,
      [new Uint8Array([0, 1, 254, 255]), new Date('2026-12-04T12:00:00Z'), JSON.stringify({ a: [1, 2] })],
    )
    expect(row.bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(row.bytes)).toEqual([0, 1, 254, 255])
    expect(row.big).toBe(9007199254740991)
    expect(row.at).toBeInstanceOf(Date)
    expect(row.at.toISOString()).toBe('2026-12-04T12:00:00.000Z')
    expect(row.doc).toEqual({ a: [1, 2] })
  })

  it('starts with the buffer pool PGLITE_SHARED_BUFFERS_MB names, and with PGlite’s own without it', async () => {
    const config = loadConfig({ DATA_DIR: 'unused', PGLITE_SHARED_BUFFERS_MB: '24' })
    database = await createPgliteTestDatabase()
    db = await openDb(configuredDbTarget({ ...config, dataDir: (database.target as { dataDir: string }).dataDir }))
    expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers'))[0].shared_buffers).toBe('24MB')
    await db.close()
    db = await openDb({ dataDir: (database.target as { dataDir: string }).dataDir })
    expect((await db.query<{ shared_buffers: string }>('SHOW shared_buffers'))[0].shared_buffers).toBe('128MB')
    expect(loadConfig({}).pgliteSharedBuffersMb).toBe(128)
  })

  it('keeps a database error’s Postgres code and fields across the thread', async () => {
    const db = await open()
    await db.exec('CREATE TABLE t (k text PRIMARY KEY)')
    await db.query('INSERT INTO t VALUES ($1)', ['a'])
    const error = await db.query('INSERT INTO t VALUES ($1)', ['a']).catch((e: unknown) => e) as Error & { code?: string; constraint?: string }
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('23505')
    expect(error.constraint).toBe('t_pkey')
    expect(error.message).toMatch(/duplicate key/u)
  })

  it('commits a transaction that resolves, rolls back one that throws, and holds other statements until it ends', async () => {
    const db = await open()
    await db.exec('CREATE TABLE t (n int)')
    await db.transaction(async (tx) => { await tx.query('INSERT INTO t VALUES (1)') })
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2)')
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }])

    // A statement sent while a transaction is open waits for it, and then sees its commit.
    const order: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (3)')
      order.push('inserted')
      await held
      order.push('committing')
    })
    while (!order.includes('inserted')) await pause(5)
    const outside = db.query<{ count: number }>('SELECT count(*) AS count FROM t').then((rows) => {
      order.push('outside answered')
      return rows[0].count
    })
    await pause(100)
    expect(order).toEqual(['inserted'])
    release()
    await transaction
    expect(await outside).toBe(2)
    expect(order).toEqual(['inserted', 'committing', 'outside answered'])
  })

  it('runs a transaction’s first statement with its BEGIN, not a round trip through this thread later', async () => {
    const db = await open()
    // This thread is kept busy right after the transaction starts, as a server relaying edits
    // is: a BEGIN answered on its own would wait here, holding PGlite's one connection, before
    // the first statement could be sent. Sent together, the statement starts with the transaction.
    const started = db.transaction((tx) => tx.query<{ ms: number }>(
      'SELECT (extract(epoch FROM statement_timestamp() - transaction_timestamp()) * 1000)::float8 AS ms',
    ))
    const until = Date.now() + 1000
    while (Date.now() < until) { /* busy, as under load */ }
    const [row] = await started
    expect(row.ms).toBeLessThan(500)
  })

  it('keeps a transaction whose first statement failed open and aborted until it ends, then rolls it back', async () => {
    const db = await open()
    await db.exec('CREATE TABLE t (n int PRIMARY KEY)')
    await db.query('INSERT INTO t VALUES (1)')
    const seen: string[] = []
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)').catch((error: { code?: string }) => { seen.push(`first: ${error.code}`) })
      // As on a Postgres server: after an error, the transaction refuses everything until it ends.
      await tx.query('INSERT INTO t VALUES (2)').catch((error: { code?: string }) => { seen.push(`second: ${error.code}`) })
      throw new Error('gave up')
    })).rejects.toThrow('gave up')
    expect(seen).toEqual(['first: 23505', 'second: 25P02'])
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }])

    // Statements issued together before the first is answered run in order, in the same transaction.
    await expect(db.transaction(async (tx) => {
      await Promise.all([tx.query('INSERT INTO t VALUES (3)'), tx.query('INSERT INTO t VALUES (4)'), tx.exec('INSERT INTO t VALUES (5)')])
      expect(await tx.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }, { n: 5 }])
      throw new Error('undo all three')
    })).rejects.toThrow('undo all three')
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }])

    // A transaction that runs no statement opens none, and leaves the connection free.
    expect(await db.transaction(async () => 'nothing to do')).toBe('nothing to do')
    expect(await db.query('SELECT count(*)::int AS count FROM t')).toEqual([{ count: 1 }])
  })

  it('lets a single statement (a log append) go ahead of transactions waiting to begin, never into an open one', async () => {
    const db = await open()
    await db.exec('CREATE TABLE t (n int)')
    const order: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const first = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)')
      order.push('first open')
      await held
    })
    while (!order.includes('first open')) await pause(5)
    // Three transactions ask for the connection, then a statement: it runs as soon as the open
    // transaction ends, before any of them.
    const waiting = [2, 3, 4].map((n) => db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1)', [n])
      order.push(`transaction ${n}`)
    }))
    await pause(50)
    const statement = db.query<{ count: number }>('SELECT count(*)::int AS count FROM t').then(([row]) => {
      order.push('statement')
      return row.count
    })
    await pause(100)
    expect(order).toEqual(['first open'])
    release()
    await Promise.all([first, ...waiting])
    expect(await statement).toBe(1)
    expect(order).toEqual(['first open', 'statement', 'transaction 2', 'transaction 3', 'transaction 4'])
  })

  it('delivers NOTIFY payloads to every listener until each stops', async () => {
    const db = await open()
    const first: string[] = []
    const second: string[] = []
    const stopFirst = await db.listen('news', (payload) => first.push(payload))
    const stopSecond = await db.listen('news', (payload) => second.push(payload))
    await db.query(`SELECT pg_notify('news', 'one')`)
    while (second.length < 1) await pause(5)
    await stopFirst()
    await db.query(`SELECT pg_notify('news', 'two')`)
    while (second.length < 2) await pause(5)
    await stopSecond()
    expect(first).toEqual(['one'])
    expect(second).toEqual(['one', 'two'])
  })

  it('leaves this thread free while a long statement runs', async () => {
    const db = await open()
    // Timers fire only when the event loop is free. PGlite on this thread runs a statement as
    // one synchronous call, so no timer could fire until it returned.
    let ticks = 0
    const timer = setInterval(() => { ticks += 1 }, 5)
    try {
      await db.query('SELECT count(*) FROM generate_series(1, 3000000)')
      expect(ticks).toBeGreaterThanOrEqual(3)
    } finally {
      clearInterval(timer)
    }
  })

  it('keeps what was written when closed and opened again, and refuses statements once closed', async () => {
    const db1 = await open()
    await db1.exec('CREATE TABLE kept (word text)')
    await db1.query('INSERT INTO kept VALUES ($1)', ['palimpsest'])
    await db1.close()
    await expect(db1.query('SELECT 1')).rejects.toThrow(/stopped/u)
    db = await openDb(database!.target)
    expect(await db.query('SELECT word FROM kept')).toEqual([{ word: 'palimpsest' }])
  })
})
