import type { RedisInstance } from '@hocuspocus/extension-redis'
import type { Logger } from '../core/logger.ts'

/**
 * Logs a Redis connection's losses and recoveries once each (ioredis retries every few
 * hundred milliseconds and would otherwise log every attempt), and calls `onReconnect` when
 * it is back after a loss — what was published meanwhile never reached this instance.
 */
export function watchRedisConnection(client: RedisInstance, role: string, logger: Logger, onReconnect?: () => void): void {
  let lost = false
  const markLost = (err?: unknown) => {
    if (lost) return
    lost = true
    logger.warn({ err, redis: role }, 'Redis connection lost; reconnecting')
  }
  client.on('error', markLost)
  client.on('reconnecting', () => markLost())
  client.on('ready', () => {
    if (!lost) return
    lost = false
    logger.info({ redis: role }, 'Redis connection is back')
    onReconnect?.()
  })
}
