import { randomBytes } from 'node:crypto'
import type { Db } from '../../../server/core/db/Db.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { spawnServer, type SpawnedServer } from '../../support/spawnServer.ts'
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'
import { startRoundRobinProxy, type RoundRobinProxy } from './roundRobinProxy.ts'

/** Several Palimpsest processes over one fresh Postgres database, joined through Redis, behind a round-robin proxy. */
export interface Cluster {
  database: TestDatabase
  instances: SpawnedServer[]
  proxy: RoundRobinProxy
  /** Opens the cluster's database, for a test to read what was stored. */
  openDatabase(): Promise<Db>
  /** SIGTERMs every instance still running (they store their documents), closes the proxy, drops the database. */
  close(): Promise<void>
}

/** Starts `size` instances at once (they migrate the new database together) with the given Redis and extra environment. */
export async function startCluster(size: number, redisUrl: string, env: Record<string, string> = {}): Promise<Cluster> {
  const database = await createTestDatabase()
  const run = randomBytes(3).toString('hex')
  const instances = await Promise.all(Array.from({ length: size }, (_, i) => spawnServer(database, {
    REDIS_URL: redisUrl,
    INSTANCE_ID: `scale-test-${run}-${i}`,
    STORE_DEBOUNCE_MS: '200',
    STORE_MAX_DEBOUNCE_MS: '1000',
    ...env,
  })))
  const proxy = await startRoundRobinProxy(instances.map((instance) => instance.url))
  let closed = false
  return {
    database,
    instances,
    proxy,
    openDatabase: () => openDb(database.target),
    async close() {
      if (closed) return
      closed = true
      await proxy.close()
      await Promise.all(instances.map((instance) => instance.kill('SIGTERM')))
      await database.drop()
    },
  }
}
