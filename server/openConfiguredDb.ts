import type { Config } from './core/config.ts'
import type { Db } from './core/db/Db.ts'
import { migrate } from './core/db/migrate.ts'
import { openDb } from './core/db/openDb.ts'

/** Opens the database the configuration names and brings its schema up to date. */
export async function openConfiguredDb(config: Config): Promise<Db> {
  const db = await openDb(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir! })
  await migrate(db)
  return db
}
