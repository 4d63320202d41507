import type { Db, Queryable } from '../../server/core/db/Db.ts'
import { openDb } from '../../server/core/db/openDb.ts'
import { emptyingScript } from './emptyingScript.ts'
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

/**
 * Closes and removes the databases this process keeps idle, so that the next lease opens a new one:
 * the pool's own tests start from there, whatever earlier test files left (a database at its last
 * lend, say).
 */
export async function closeIdleDatabases(): Promise<void> {
  for (const pooled of idle.splice(0)) {
    await pooled.db.close()
    await pooled.database.drop()
  }
}

async function openPooled(): Promise<Pooled> {
  const database = await createPgliteTestDatabase()
  return { database, db: await openDb(database.target), lends: 0 }
}

/** What empties a lent database (see emptyingScript), made once: every lent database has the same migrated schema. */
let emptying: string | undefined

/**
 * Brings a lent database back to the migrated template's state (see emptyingScript). False when
 * emptying failed (a transaction left open, say): the database is then not lent again.
 */
async function emptied(db: Db): Promise<boolean> {
  try {
    emptying ??= await emptyingScript((sql) => db.query(sql))
    await db.exec(emptying)
    return true
  } catch {
    return false
  }
}
