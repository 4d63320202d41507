import type { RedisInstance } from '@hocuspocus/extension-redis'
import type { Logger } from '../logger.ts'
import type { Broadcast } from './Broadcast.ts'
import { watchRedisConnection } from './watchRedisConnection.ts'

/**
 * Carries a Broadcast over one Redis pub/sub channel, on two connections of its own made
 * like `base` (a subscribed connection cannot publish). `onReconnect` runs when the subscriber
 * is back after a loss: events published meanwhile were missed. Resolves once subscribed,
 * to a function that disconnects.
 */
export async function connectRedisBroadcast(options: {
  broadcast: Broadcast
  base: RedisInstance
  channel: string
  logger: Logger
  onReconnect?: () => void
}): Promise<() => Promise<void>> {
  const { broadcast, base, channel, logger } = options
  const publisher = base.duplicate()
  const subscriber = base.duplicate()
  watchRedisConnection(publisher, 'broadcast publisher', logger)
  watchRedisConnection(subscriber, 'broadcast subscriber', logger, options.onReconnect)
  subscriber.on('message', (from: string, message: string) => {
    if (from === channel) broadcast.receive(message)
  })
  await subscriber.subscribe(channel)
  broadcast.useTransport({ send: async (message) => { await publisher.publish(channel, message) } })
  return async () => {
    broadcast.useTransport(null)
    subscriber.disconnect()
    publisher.disconnect()
  }
}
