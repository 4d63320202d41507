import type { Db, Queryable } from '../../server/core/db/Db.ts'
import { openDb } from '../../server/core/db/openDb.ts'
import { createPgliteTestDatabase, type TestDatabase } from './testDatabase.ts'

/**
 * An open PGlite test database lent to one in-process test server, kept open between tests.
 * Copying the template and opening PGlite (a worker thread, the database's start-up) take about
 * 0.7 s of CPU for each server a test starts; emptying the tables of a database already open
 * takes a fraction of that.
 */
export interface PgliteLease {
  /** The database as the server sees it: its close() only ends this lease's use of it. */
  db: Db
  /** The data folder; drop() empties it and lends it again, or removes it once retired. */
  database: TestDatabase
  /** Really closes the database (a restart, or a test that opens the folder itself): it is not lent again. */
  retire(): Promise<void>
}

interface Pooled {
  database: TestDatabase
  db: Db
  lends: number
}

// Idle databases kept per process: each holds a worker thread and its memory.
const MAX_IDLE = 2
/** Lends of one database before it is closed and removed: emptying leaves dead rows behind. */
export const MAX_LENDS = 40
const idle: Pooled[] = []

/** Lends an empty, migrated PGlite database: an idle one when there is one, else a new one. */
export async function leasePgliteDatabase(): Promise<PgliteLease> {
  const pooled = idle.pop() ?? await openPooled()
  pooled.lends += 1
  let state: 'lent' | 'released' | 'retired' = 'lent'
  const ended = () => new Error('this test database was closed')
  const guard = <T>(run: () => Promise<T>): Promise<T> => (state === 'lent' ? run() : Promise.reject(ended()))
  // Listeners the server left: stopped before the database is lent again, deaf from its close.
  const unlistens: (() => Promise<void>)[] = []

  const db: Db = {
    kind: pooled.db.kind,
    query: (sql, params) => guard(() => pooled.db.query(sql, params)),
    exec: (sql) => guard(() => pooled.db.exec(sql)),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => guard(() => pooled.db.transaction(work)),
    listen: (channel, onNotify, onRelisten) => guard(async () => {
      const unlisten = await pooled.db.listen(channel, (payload) => { if (state === 'lent') onNotify(payload) }, onRelisten)
      unlistens.push(unlisten)
      return unlisten
    }),
    // The server closing its database: statements after this fail as on a closed database.
    close: async () => { if (state === 'lent') state = 'released' },
  }

  const retire = async () => {
    if (state === 'retired') return
    state = 'retired'
    await pooled.db.close()
  }

  const database: TestDatabase = {
    target: pooled.database.target,
    url: null,
    async drop() {
      if (state !== 'retired') {
        state = 'retired'
        for (const unlisten of unlistens.splice(0)) await unlisten().catch(() => {})
        if (idle.length < MAX_IDLE && pooled.lends < MAX_LENDS && await emptied(pooled.db)) {
          idle.push(pooled)
          return
        }
        await pooled.db.close()
      }
      await pooled.database.drop()
    },
  }
  return { db, database, retire }
}

async function openPooled(): Promise<Pooled> {
  const database = await createPgliteTestDatabase()
  return { database, db: await openDb(database.target), lends: 0 }
}

/** What empties a lent database (see emptied), made once: every lent database has the same migrated schema. */
let emptying: string | undefined

/**
 * Brings a lent database back to the migrated template's state: every table but the migrations'
 * record emptied (no migration inserts rows), sequences restarted, session advisory locks let go.
 * Rows are deleted, with foreign-key triggers off so that the order does not matter: TRUNCATE
 * gives every table and index a new file, about 90 ms on PGlite's file system, where deleting
 * the few rows a test wrote takes a few. The dead rows this leaves are why a database is lent
 * at most MAX_LENDS times. False when emptying failed (a transaction left open, say): the
 * database is then not lent again.
 */
async function emptied(db: Db): Promise<boolean> {
  try {
    emptying ??= await emptyingScript(db)
    await db.exec(emptying)
    return true
  } catch {
    return false
  }
}

async function emptyingScript(db: Db): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`)
  const sequences = await db.query<{ name: string; start: string }>(
    `SELECT quote_literal(quote_ident(sequencename)) AS name, start_value::text AS start FROM pg_sequences WHERE schemaname = 'public'`)
  return [
    'BEGIN',
    'SET LOCAL session_replication_role = replica',
    ...tables.map((t) => `DELETE FROM ${t.name}`),
    ...sequences.map((q) => `SELECT setval(${q.name}, ${q.start}, false)`),
    'COMMIT',
    'SELECT pg_advisory_unlock_all()',
  ].join(';\n')
}
