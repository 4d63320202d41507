import { describe, expect, it } from 'vitest'
import type { Db } from '../../../server/core/db/Db.ts'
import { migrate, migrationFiles } from '../../../server/core/db/migrate.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { createBarePostgresTestDatabase, createPgliteTestDatabase, createTestDatabase, onPostgres } from '../../support/testDatabase.ts'

/**
 * One suite, run on every engine available: the embedded PGlite always, and the Postgres
 * server when TEST_DATABASE_URL is set (always under CI). Same migrations, same SQL.
 */
const engines: { name: string; open: () => Promise<{ db: Db; drop: () => Promise<void> }> }[] = [
  {
    // A copy of the migrated template (fast); migrating from nothing is tested on its own below.
    name: 'PGlite',
    open: async () => {
      const database = await createPgliteTestDatabase()
      return { db: await openDb(database.target), drop: database.drop }
    },
  },
]
if (onPostgres) {
  engines.push({
    name: 'Postgres server',
    open: async () => {
      const database = await createTestDatabase()
      return { db: await openDb(database.target), drop: database.drop }
    },
  })
} else if (process.env.CI === 'true') {
  throw new Error('TEST_DATABASE_URL must be set under CI=true: the database suite must run on the Postgres server too')
}

describe.each(engines)('the database layer on $name', ({ open }) => {
  async function withDb(work: (db: Db) => Promise<void>): Promise<void> {
    const { db, drop } = await open()
    try {
      await migrate(db)
      await work(db)
    } finally {
      await db.close()
      await drop()
    }
  }

  it('applies every migration once and records it', () => withDb(async (db) => {
    const names = (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name)
    expect(names).toEqual(migrationFiles().map((m) => m.name))
    expect(await migrate(db)).toEqual([])
  }))

  it('round-trips bytea as Uint8Array and bigint as number', () => withDb(async (db) => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255])
    const [row] = await db.query<{ b: Uint8Array; n: number }>('SELECT $1::bytea AS b, 9007199254740::bigint AS n', [bytes])
    expect(row.b).toBeInstanceOf(Uint8Array)
    expect([...row.b]).toEqual([...bytes])
    expect(row.n).toBe(9007199254740)
  }))

  it('commits a transaction that resolves and rolls back one that throws', () => withDb(async (db) => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO users (username, username_key) VALUES ('kept', 'kept')")
    })
    await expect(db.transaction(async (tx) => {
      await tx.query("INSERT INTO users (username, username_key) VALUES ('dropped', 'dropped')")
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    const names = (await db.query<{ username: string }>('SELECT username FROM users ORDER BY username')).map((r) => r.username)
    expect(names).toEqual(['kept'])
  }))

  it('enforces unique titles per space only among live pages, case-insensitively via the title key', () => withDb(async (db) => {
    const [space] = await db.query<{ id: string }>("INSERT INTO spaces (slug, name, visibility) VALUES ('s', 'S', 'public') RETURNING id")
    const insert = (deleted: boolean) => db.query(
      `INSERT INTO pages (space_id, title, title_key, slug, deleted_at) VALUES ($1, 'Title', 'title', 'title', ${deleted ? 'now()' : 'NULL'})`, [space.id])
    await insert(true)
    await insert(false)
    await expect(insert(false)).rejects.toThrow()
  }))

  it('cascades a page deletion to its stored state and log', () => withDb(async (db) => {
    const [space] = await db.query<{ id: string }>("INSERT INTO spaces (slug, name, visibility) VALUES ('s', 'S', 'public') RETURNING id")
    const [page] = await db.query<{ id: string }>("INSERT INTO pages (space_id, title, title_key, slug) VALUES ($1, 'T', 't', 't') RETURNING id", [space.id])
    await db.query("INSERT INTO page_documents (page_id, state, state_vector) VALUES ($1, '\\x00'::bytea, '\\x00'::bytea)", [page.id])
    await db.query("INSERT INTO page_updates (page_id, update) VALUES ($1, '\\x00'::bytea)", [page.id])
    await db.query('DELETE FROM pages WHERE id = $1', [page.id])
    expect(await db.query('SELECT 1 FROM page_documents')).toEqual([])
    expect(await db.query('SELECT 1 FROM page_updates')).toEqual([])
  }))

  it('delivers NOTIFY payloads to listeners until they stop listening', () => withDb(async (db) => {
    const received: string[] = []
    const stop = await db.listen('palimpsest_test', (payload) => received.push(payload))
    await db.query("SELECT pg_notify('palimpsest_test', 'hello')")
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['hello'])
    await stop()
    await db.query("SELECT pg_notify('palimpsest_test', 'ignored')")
    await new Promise((r) => setTimeout(r, 100))
    expect(received).toEqual(['hello'])
  }))

  it('has the trigram and unaccent extensions available', () => withDb(async (db) => {
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;')
    const [row] = await db.query<{ s: number; u: string }>("SELECT similarity('Novocherkassk', 'Novocherkask') AS s, unaccent('Café') AS u")
    expect(row.s).toBeGreaterThan(0.5)
    expect(row.u).toBe('Cafe')
  }))
})

// A copy of the folder PGlite's first start leaves (its initdb, which takes long on a busy
// machine: the limit is generous, not a measure), as a new install's DATA_DIR is when it migrates.
it('migrates an empty embedded database from nothing, then finds nothing left to apply', async () => {
  const database = await createPgliteTestDatabase({ bare: true })
  const db = await openDb(database.target)
  try {
    expect(await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations'")).toEqual([])
    expect(await migrate(db)).toEqual(migrationFiles().map((m) => m.name))
    expect(await migrate(db)).toEqual([])
  } finally {
    await db.close()
    await database.drop()
  }
}, 120_000)

// Test databases on a Postgres server are copies of a migrated template; this one starts bare.
it.runIf(onPostgres)('migrates an empty Postgres database from nothing, then finds nothing left to apply', async () => {
  const database = await createBarePostgresTestDatabase()
  const db = await openDb(database.target)
  try {
    expect(await migrate(db)).toEqual(migrationFiles().map((m) => m.name))
    expect(await migrate(db)).toEqual([])
  } finally {
    await db.close()
    await database.drop()
  }
})
