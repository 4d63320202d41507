import type { Config } from './core/config.ts'
import type { Db } from './core/db/Db.ts'
import { migrate } from './core/db/migrate.ts'
import { configuredDbTarget, openDb } from './core/db/openDb.ts'

/** Opens the database the configuration names and brings its schema up to date. */
export async function openConfiguredDb(config: Config): Promise<Db> {
  const db = await openDb(configuredDbTarget(config))
  await migrate(db)
  return db
}
