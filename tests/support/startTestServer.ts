import { loadConfig } from '../../server/core/config.ts'
import type { Feature } from '../../server/core/Feature.ts'
import { createPalimpsest, type Palimpsest } from '../../server/createPalimpsest.ts'
import { migrate } from '../../server/core/db/migrate.ts'
import { openDb } from '../../server/core/db/openDb.ts'
import { features as allFeatures } from '../../server/features.ts'
import { TEST_PASSWORD_HASH_COST } from './spawnServer.ts'
import { leasePgliteDatabase } from './pglitePool.ts'
import { leasePostgresDatabase } from './postgresPool.ts'
import { onPostgres, type TestDatabase } from './testDatabase.ts'

/** A real Palimpsest server on a free port, over its own fresh database. */
export interface TestServer {
  url: string
  wsUrl: string
  palimpsest: Palimpsest
  database: TestDatabase
  /** Stops the server, keeping the database (for restart tests). */
  stop(): Promise<void>
  /** Starts a new server over the same database (after stop()). */
  restart(): Promise<TestServer>
  /** Stops the server and drops the database. */
  close(): Promise<void>
}

export interface TestServerOptions {
  /** Environment variables as the server would read them (PORT defaults to 0, LOG_LEVEL to silent, PASSWORD_HASH_COST to TEST_PASSWORD_HASH_COST). */
  env?: Record<string, string>
  /** Seed the encyclopedia (default false). */
  seed?: boolean
  /** Features to run; default: all of them, as in production. */
  features?: Feature[]
  /** Reuse a database (restart tests); default: a fresh one. */
  database?: TestDatabase
}

/** Starts a real server (HTTP + collaboration) for a test. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  // A new server borrows an emptied database: on PGlite an open one (see pglitePool.ts), on a
  // Postgres server one of the run's (postgresPool.ts).
  const lease = options.database || onPostgres ? null : await leasePgliteDatabase()
  const database = options.database ?? lease?.database ?? (await leasePostgresDatabase())
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', STORE_DEBOUNCE_MS: '200', STORE_MAX_DEBOUNCE_MS: '1000',
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, ...options.env,
  })
  const db = lease?.db ?? (await openDb(database.target))
  await migrate(db)
  const palimpsest = await createPalimpsest(config, db, options.features ?? allFeatures())
  if (options.seed) await palimpsest.seed()
  const url = await palimpsest.listen().catch(async (error: unknown) => {
    // The port taken, say: nothing of this server may outlive the failure.
    await palimpsest.close()
    if (!options.database) await database.drop()
    throw error
  })
  let stopped = false
  const server: TestServer = {
    url,
    wsUrl: `${url.replace(/^http/u, 'ws')}/collab`,
    palimpsest,
    database,
    async stop() {
      if (stopped) return
      stopped = true
      await palimpsest.close()
      // Stopped, not closed: the folder may be opened again (a restart), so PGlite really closes.
      await lease?.retire()
    },
    async restart() {
      await server.stop()
      return startTestServer({ ...options, seed: false, database })
    },
    async close() {
      if (!stopped) {
        stopped = true
        await palimpsest.close()
      }
      await database.drop()
    },
  }
  return server
}
