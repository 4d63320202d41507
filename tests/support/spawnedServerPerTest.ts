import { afterEach } from 'vitest'
import type { TestProvider } from './providers.ts'
import { spawnServer, type SpawnedServer } from './spawnServer.ts'
import { createTestDatabase, type TestDatabase } from './testDatabase.ts'

/** A child-process server each test spawns over a database of its own, and the providers it opens on it. */
export interface SpawnedServerPerTest {
  /**
   * Spawns this test's server with `env`: over a new database the first time in a test, over the
   * same database after that (a restart, once the test has killed the one before).
   */
  spawn(env?: Record<string, string>): Promise<SpawnedServer>
  /** The server this test spawned last; throws if it spawned none. */
  server(): SpawnedServer
  /** This test's database; throws before the first spawn. */
  database(): TestDatabase
  /** The providers this test opened: destroyed after it, before its server is killed. */
  providers: TestProvider[]
}

/**
 * The set-up of a test file whose tests kill and restart a server process: call it once at the
 * top of the file. It registers the hook (afterEach, or afterAll where the file's one test shares
 * its set-up) that destroys the providers, SIGKILLs the server and drops the database.
 */
export function spawnedServerPerTest(after: (hook: () => Promise<void>) => void = afterEach): SpawnedServerPerTest {
  let database: TestDatabase | undefined
  let server: SpawnedServer | undefined
  // A spawn still under way when the test ends (it timed out): its server is killed once it starts.
  let starting: Promise<SpawnedServer> | undefined
  const providers: TestProvider[] = []
  after(async () => {
    for (const p of providers.splice(0)) p.destroy()
    server = (await starting?.catch(() => undefined)) ?? server
    starting = undefined
    await server?.kill('SIGKILL')
    await database?.drop()
    server = database = undefined
  })
  return {
    async spawn(env) {
      database ??= await createTestDatabase()
      starting = spawnServer(database, env)
      server = await starting
      starting = undefined
      return server
    },
    server() {
      if (!server) throw new Error('no server spawned in this test')
      return server
    },
    database() {
      if (!database) throw new Error('no database made in this test')
      return database
    },
    providers,
  }
}
