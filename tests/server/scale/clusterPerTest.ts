import { afterEach } from 'vitest'
import type { TestProvider } from '../../support/providers.ts'
import { startCluster, type Cluster } from './startCluster.ts'

/** A cluster each test starts for itself, and the providers it opens on it. */
export interface ClusterPerTest {
  /** Starts this test's cluster: startCluster with the file's Redis. */
  start(size: number, env?: Record<string, string>): Promise<Cluster>
  /** The providers this test opened: destroyed after it, before its cluster closes. */
  providers: TestProvider[]
}

/**
 * The set-up of a test file whose tests each start a cluster: call it once at the top of the
 * file with the Redis from scaleOutRedis. It registers the afterEach that destroys the test's
 * providers and then closes its cluster (dropping its database).
 */
export function clusterPerTest(redisUrl: string | null): ClusterPerTest {
  let cluster: Cluster | undefined
  const providers: TestProvider[] = []
  afterEach(async () => {
    for (const p of providers.splice(0)) p.destroy()
    await cluster?.close()
    cluster = undefined
  })
  return {
    async start(size, env) {
      if (!redisUrl) throw new Error('a cluster needs Redis: skip the test without it')
      cluster = await startCluster(size, redisUrl, env)
      return cluster
    },
    providers,
  }
}
