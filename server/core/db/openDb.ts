import { mkdirSync } from 'node:fs'
import type { Config } from '../config.ts'
import type { Db } from './Db.ts'
import { PgliteDb, type PgliteOptions } from './PgliteDb.ts'
import { PgliteWorkerDb } from './PgliteWorkerDb.ts'
import { PostgresDb } from './PostgresDb.ts'

/** Where the data lives: a Postgres server URL, a PGlite folder, or (tests) PGlite in memory. */
export type DbTarget = { url: string } | ({ dataDir: string } & PgliteOptions) | ({ memory: true } & PgliteOptions)

/** The database the configuration names: DATABASE_URL, else the PGlite folder DATA_DIR. */
export function configuredDbTarget(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>): DbTarget {
  if (config.databaseUrl) return { url: config.databaseUrl }
  return { dataDir: config.dataDir!, sharedBuffersMb: config.pgliteSharedBuffersMb }
}

/**
 * Opens the database named by the target. A PGlite folder opens in a worker thread, so SQL
 * never runs on the thread that relays edits; an in-memory PGlite stays on this thread.
 */
export async function openDb(target: DbTarget): Promise<Db> {
  if ('url' in target) return new PostgresDb(target.url)
  const options: PgliteOptions = { sharedBuffersMb: target.sharedBuffersMb }
  if ('dataDir' in target) {
    mkdirSync(target.dataDir, { recursive: true })
    return PgliteWorkerDb.open(target.dataDir, options)
  }
  return PgliteDb.open(undefined, options)
}
