import { mkdirSync } from 'node:fs'
import type { Db } from './Db.ts'
import { PgliteDb } from './PgliteDb.ts'
import { PgliteWorkerDb } from './PgliteWorkerDb.ts'
import { PostgresDb } from './PostgresDb.ts'

/** Where the data lives: a Postgres server URL, a PGlite folder, or (tests) PGlite in memory. */
export type DbTarget = { url: string } | { dataDir: string } | { memory: true }

/**
 * Opens the database named by the target. A PGlite folder opens in a worker thread, so SQL
 * never runs on the thread that relays edits; an in-memory PGlite stays on this thread.
 */
export async function openDb(target: DbTarget): Promise<Db> {
  if ('url' in target) return new PostgresDb(target.url)
  if ('dataDir' in target) {
    mkdirSync(target.dataDir, { recursive: true })
    return PgliteWorkerDb.open(target.dataDir)
  }
  return PgliteDb.open()
}
