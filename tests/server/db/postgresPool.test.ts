import pg from 'pg'
import { beforeEach, describe, expect, it } from 'vitest'
import { openDb } from '../../../server/core/db/openDb.ts'
import { adminQuery } from '../../support/postgresTemplate.ts'
import { dropIdleDatabases, dropPooledDatabases, leasePostgresDatabase, MAX_POSTGRES_LENDS, pooledDatabasePrefix } from '../../support/postgresPool.ts'
import { onPostgres } from '../../support/testDatabase.ts'
import { expectAsTemplate, writeRowsAcrossTables } from './lentDatabaseRows.ts'

// The test support that lends databases on the run's Postgres server to in-process test servers:
// a test must never see what an earlier one wrote, nor write into a later one's database.
const nameOf = (url: string | null) => new URL(url!).pathname.slice(1)

async function exists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1
}

describe.skipIf(!onPostgres)('Postgres test databases lent again', () => {
  // Each test starts from a pool with nothing idle: what earlier files left is not what it checks.
  beforeEach(() => dropIdleDatabases())

  it('come back empty (rows, references between them, sequences), with the schema, and are really lent again', async () => {
    const first = await leasePostgresDatabase()
    const db = await openDb(first.target)
    await writeRowsAcrossTables(db)
    await db.close()
    await first.drop()

    const second = await leasePostgresDatabase()
    const again = await openDb(second.target)
    try {
      expect(nameOf(second.url)).toBe(nameOf(first.url))
      await expectAsTemplate(again)
    } finally {
      await again.close()
      await second.drop()
    }
  })

  it('end a connection a test left open, in a transaction holding a lock, before the database is lent again', async () => {
    const lease = await leasePostgresDatabase()
    const left = new pg.Client({ connectionString: lease.url! })
    left.on('error', () => {}) // ended from the server's side, as intended
    await left.connect()
    await left.query('BEGIN')
    await left.query(`INSERT INTO users (username, username_key, password_hash) VALUES ('late', 'late', 'x')`)
    await lease.drop()

    const next = await leasePostgresDatabase()
    const db = await openDb(next.target)
    try {
      expect(nameOf(next.url)).toBe(nameOf(lease.url))
      await expect(left.query('COMMIT')).rejects.toThrow()
      expect(await db.query('SELECT username FROM users')).toEqual([])
    } finally {
      await left.end().catch(() => {})
      await db.close()
      await next.drop()
    }
  })

  it('refuse connections while idle (a second server left on one cannot write into the next test’s), and take them once lent again', async () => {
    const lease = await leasePostgresDatabase()
    await lease.drop()
    const late = new pg.Client({ connectionString: lease.url! })
    await expect(late.connect()).rejects.toThrow(/not currently accepting connections/u)

    const next = await leasePostgresDatabase()
    const db = await openDb(next.target)
    try {
      expect(nameOf(next.url)).toBe(nameOf(lease.url))
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      await db.close()
      await next.drop()
    }
  })

  it(`are dropped after ${MAX_POSTGRES_LENDS} lends (emptying leaves dead rows behind), and a new one lent`, async () => {
    const names = new Set<string>()
    for (let lend = 0; lend <= MAX_POSTGRES_LENDS; lend++) {
      const lease = await leasePostgresDatabase()
      names.add(nameOf(lease.url))
      await lease.drop()
    }
    expect(names.size).toBe(2)
    const kept = await Promise.all([...names].map((name) => exists(name)))
    expect(kept.filter(Boolean)).toHaveLength(1)
  })

  it('left idle when the run ends are dropped with it, by their names', async () => {
    const prefix = `${pooledDatabasePrefix()}zz`
    for (const name of [`${prefix}a`, `${prefix}b`]) await adminQuery(`CREATE DATABASE ${name}`)
    expect(await exists(`${prefix}a`)).toBe(true)
    await dropPooledDatabases(prefix)
    expect([await exists(`${prefix}a`), await exists(`${prefix}b`)]).toEqual([false, false])
  })
})
