import type { Probe, ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'
import type { ClientSpec } from './workerProtocol.ts'

/** Server memory per idle connection and per loaded page, in bytes. */
export interface MemoryResult {
  /** Growth of the resident set (what the OS pays) per idle connection, and of the JS heap + buffers. */
  perConnectionRss: number
  perConnectionHeap: number
  perPageRss: number
  perPageHeap: number
  connections: number
  pages: number
}

const heap = (p: Probe) => p.heapUsed + p.external

/**
 * Opens `connections` idle providers on one page, then one provider on each of `pages` other
 * (empty) pages, probing the server after a full GC. Each set is preceded by a warm-up set of
 * half its size: the allocator then reuses the memory that setting up connections (HTTP
 * upgrade, authentication) freed, so the measured growth is what the server keeps.
 * A page's cost is the growth over its set minus the cost of its one connection.
 */
export async function measureMemory(pool: WorkerPool, target: ServerTarget, connections: number, pages: number): Promise<MemoryResult> {
  const warmPages = Math.ceil(pages / 2)
  const [shared] = await target.createPages(1, 'Memory shared')
  const own = await target.createPages(warmPages + pages, 'Memory page')
  const tokens = target.tokens
  let opened = 0
  const connect = (pageIds: string[]) => {
    const specs: ClientSpec[] = pageIds.map((page, i) => ({ id: `memory-${opened + i}`, page, pageIndex: 0, token: tokens[(opened + i) % tokens.length] }))
    opened += specs.length
    return pool.all((p) => ({ type: 'connect', url: target.wsUrl, concurrency: 16, clients: specs.filter((_, i) => i % pool.processes.length === p) }))
  }
  try {
    await connect(Array(Math.ceil(connections / 2)).fill(shared))
    const beforeConnections = await target.probe()
    await connect(Array(connections).fill(shared))
    const afterConnections = await target.probe()
    await connect(own.slice(0, warmPages))
    const beforePages = await target.probe()
    await connect(own.slice(warmPages))
    const afterPages = await target.probe()
    const perConnectionRss = (afterConnections.rss - beforeConnections.rss) / connections
    const perConnectionHeap = (heap(afterConnections) - heap(beforeConnections)) / connections
    return {
      perConnectionRss,
      perConnectionHeap,
      perPageRss: (afterPages.rss - beforePages.rss) / pages - perConnectionRss,
      perPageHeap: (heap(afterPages) - heap(beforePages)) / pages - perConnectionHeap,
      connections,
      pages,
    }
  } finally {
    await pool.all(() => ({ type: 'disconnect' }))
    await target.waitUnloaded()
  }
}
