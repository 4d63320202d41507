import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgliteDb } from '../../../server/core/db/PgliteDb.ts'
import { MAX_PREPARED } from '../../../server/core/db/PglitePreparedStatements.ts'
import { createPgliteTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

// PgliteDb runs statements that read or write rows as named prepared statements through PGlite's
// wire-protocol API; these tests hold it to what PGlite's own query() gives and to a connection
// no statement shares with another's transaction.
let database: TestDatabase
let db: PgliteDb
let plain: PGlite

const TABLE = `CREATE TABLE kinds (id int PRIMARY KEY, big bigint, word text, bytes bytea, uid uuid, words text[],
  doc jsonb, at timestamptz, flag boolean)`

async function preparedTexts(): Promise<string[]> {
  const rows = await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE NOT from_sql')
  return rows.map((row) => row.statement)
}

beforeAll(async () => {
  database = await createPgliteTestDatabase()
  db = await PgliteDb.open((database.target as { dataDir: string }).dataDir, { sharedBuffersMb: 16 })
  plain = await PGlite.create({ parsers: { 20: (value: string) => Number(value) } })
  await db.exec(TABLE)
  await plain.exec(TABLE)
})

afterAll(async () => {
  await db?.close()
  await plain?.close()
  await database?.drop()
})

describe('PGlite statements prepared once', () => {
  it('give the rows PGlite\'s own query gives, for every kind of value, the first time and again', async () => {
    const insert = 'INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *'
    const rows = [
      [1, 9_007_199_254_740_991, 'Новочеркасск "1962"', new Uint8Array([0, 1, 255]), '8f14e45f-ceea-467f-a0e6-7b9f1b2b3c4d', ['a', 'b"c', null], { k: [1, 'z'], n: null }, new Date('2026-12-06T10:00:00Z'), true],
      [2, null, null, null, null, null, null, null, null],
      [3, -1, '', new Uint8Array(), '00000000-0000-0000-0000-000000000000', [], [], new Date(0), false],
    ]
    for (const params of rows) expect(await db.query(insert, params)).toEqual((await plain.query(insert, params)).rows)
    const select = 'SELECT *, count(*) OVER () AS total, $1::text AS echoed FROM kinds WHERE id >= $2 ORDER BY id'
    for (const params of [['x', 1], ['y', 2], ['z', 3]]) {
      expect(await db.query(select, params)).toEqual((await plain.query(select, params)).rows)
    }
    expect(await preparedTexts()).toEqual(expect.arrayContaining([insert, select]))
    expect((await preparedTexts()).filter((text) => text === select)).toHaveLength(1)
  })

  it('keep the error Postgres gives, outside and inside a transaction, and roll the transaction back', async () => {
    await expect(db.query('INSERT INTO kinds (id) VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' })
    await expect(db.query('SELECT nothing FROM kinds')).rejects.toMatchObject({ code: '42703' })
    await expect(db.transaction(async (tx) => {
      await tx.query('INSERT INTO kinds (id) VALUES ($1)', [40])
      await tx.query('INSERT INTO kinds (id) VALUES ($1)', [1])
    })).rejects.toMatchObject({ code: '23505' })
    expect(await db.query('SELECT id FROM kinds WHERE id = $1', [40])).toEqual([])
    // The connection is usable afterwards, for prepared and unprepared statements alike.
    expect(await db.query('SELECT count(*) AS n FROM kinds')).toEqual([{ n: 3 }])
  })

  it('are closed past the most recent few hundred, so varying texts cannot fill the memory', async () => {
    for (let i = 0; i < MAX_PREPARED + 20; i++) await db.query(`SELECT $1::int + ${i} AS n`, [1])
    expect((await preparedTexts()).length).toBeLessThanOrEqual(MAX_PREPARED + 1)
    // The most recent ones are still prepared.
    expect(await preparedTexts()).toContain(`SELECT $1::int + ${MAX_PREPARED + 19} AS n`)
  })

  it('are prepared afresh after the schema changes', async () => {
    const everything = 'SELECT * FROM kinds WHERE id = $1'
    expect(Object.keys((await db.query(everything, [1]))[0]!)).not.toContain('added')
    await db.exec('ALTER TABLE kinds ADD COLUMN added int DEFAULT 7')
    expect(await db.query(everything, [1])).toMatchObject([{ id: 1, added: 7 }])
    await db.transaction((tx) => tx.query('ALTER TABLE kinds DROP COLUMN added'))
    expect(Object.keys((await db.query(everything, [1]))[0]!)).not.toContain('added')
    // A change rolled back: what was prepared inside the transaction read a schema that is gone.
    await expect(db.transaction(async (tx) => {
      await tx.exec('ALTER TABLE kinds ADD COLUMN fleeting int')
      expect(await tx.query(everything, [1])).toMatchObject([{ fleeting: null }])
      throw new Error('roll back')
    })).rejects.toThrow('roll back')
    expect(Object.keys((await db.query(everything, [1]))[0]!)).not.toContain('fleeting')
  })

  it('still deliver notifications', async () => {
    const heard: string[] = []
    const stop = await db.listen('prepared_test', (payload) => heard.push(payload))
    await db.query(`SELECT pg_notify('prepared_test', $1)`, ['outside'])
    await db.transaction((tx) => tx.query(`SELECT pg_notify('prepared_test', $1)`, ['inside']))
    await expect.poll(() => heard).toEqual(['outside', 'inside'])
    await stop()
  })

  it('never run inside another caller\'s open transaction', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    let inserted!: () => void
    const didInsert = new Promise<void>((resolve) => { inserted = resolve })
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO kinds (id) VALUES ($1)', [50])
      inserted()
      await held
      await tx.query('DELETE FROM kinds WHERE id = $1', [50])
    })
    await didInsert
    // Asked while the transaction is open: answered after it, so it never sees row 50.
    const outside = db.query<{ n: number }>('SELECT count(*) AS n FROM kinds WHERE id = $1', [50])
    let answered = false
    void outside.then(() => { answered = true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBe(false)
    release()
    await transaction
    expect(await outside).toEqual([{ n: 0 }])
  })
})
