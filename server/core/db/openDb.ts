import { mkdirSync } from 'node:fs'
import type { Config } from '../config.ts'
import type { Db } from './Db.ts'
import type { PgliteOptions } from './PgliteDb.ts'
import { PgliteWorkerDb } from './PgliteWorkerDb.ts'
import { PostgresDb } from './PostgresDb.ts'

/** Where the data lives: a Postgres server URL or a PGlite folder. */
export type DbTarget = { url: string } | ({ dataDir: string } & PgliteOptions)

/** The database the configuration names: DATABASE_URL, else the PGlite folder DATA_DIR. */
export function configuredDbTarget(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>): DbTarget {
  if (config.databaseUrl) return { url: config.databaseUrl }
  return { dataDir: config.dataDir!, sharedBuffersMb: config.pgliteSharedBuffersMb }
}

/**
 * Opens the database named by the target. A PGlite folder opens in a worker thread, so SQL
 * never runs on the thread that relays edits.
 */
export async function openDb(target: DbTarget): Promise<Db> {
  if ('url' in target) return new PostgresDb(target.url)
  mkdirSync(target.dataDir, { recursive: true })
  return PgliteWorkerDb.open(target.dataDir, { sharedBuffersMb: target.sharedBuffersMb })
}
