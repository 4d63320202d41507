// ioredis comes with @hocuspocus/extension-redis; only its types are imported here.
import type { RedisOptions } from 'ioredis'

/** Where and how to reach Redis, read from a `redis://` or `rediss://` URL. */
export interface RedisConnection {
  host: string
  port: number
  options: RedisOptions
  /** The URL without its password, for logs and error messages. */
  safeUrl: string
}

/**
 * Reads REDIS_URL (`redis[s]://[user][:password]@host[:port][/db]`) into the host, port and
 * ioredis options the Redis extension takes. `connectionName` shows in Redis's CLIENT LIST.
 * Commands wait (queued) while Redis is unreachable and the client reconnects forever.
 */
export function redisConnectionOptions(url: string, connectionName: string): RedisConnection {
  const parsed = new URL(url)
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0
  const options: RedisOptions = {
    connectionName,
    db: Number.isInteger(db) ? db : 0,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
  }
  const safe = new URL(url)
  if (safe.password) safe.password = '***'
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/u, '$1'),
    port: parsed.port ? Number(parsed.port) : 6379,
    options,
    safeUrl: safe.toString(),
  }
}
