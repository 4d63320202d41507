import { ConfigError } from '../core/config.ts'
import type { Feature } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { connectPostgresBroadcast } from '../scale/connectPostgresBroadcast.ts'
import { LogCatchUpExtension } from '../scale/LogCatchUpExtension.ts'
import { recheckAllAccess } from '../scale/recheckAllAccess.ts'
import { redisConnectionOptions } from '../scale/redisConnectionOptions.ts'
import { RelayedUpdatesExtension } from '../scale/RelayedUpdatesExtension.ts'
import { REDIS_PREFIX, ScaleOutRedisExtension } from '../internals/ScaleOutRedisExtension.ts'

/** How long start-up waits for Redis to answer before giving up. */
const REDIS_START_TIMEOUT_MS = 10_000

/** Thrown when this instance cannot join the others; start-up stops with its one-line message. */
export class ScaleOutError extends ConfigError {}

/**
 * Scale-out: with REDIS_URL set, this instance joins the others that share its Postgres.
 * Documents sync through @hocuspocus/extension-redis (identifier: config.instanceId); updates
 * relayed from other instances are logged here too; domain events heard through
 * services.broadcast travel by Postgres LISTEN/NOTIFY; a client that reconnects here after
 * its instance died finds that instance's last edits read from the log. Without REDIS_URL
 * nothing of this runs: one instance, no Redis.
 */
export function scaleOut(): Feature {
  let redis: ScaleOutRedisExtension | undefined
  return {
    extensions(services) {
      const { redisUrl, instanceId } = services.config
      if (!redisUrl) return []
      if (services.db.kind !== 'postgres') {
        throw new ScaleOutError('REDIS_URL needs DATABASE_URL: instances that scale out share one Postgres server, not embedded PGlite folders.')
      }
      if (Buffer.byteLength(instanceId) > 200) throw new ScaleOutError('INSTANCE_ID must be at most 200 bytes.')
      redis = new ScaleOutRedisExtension({ url: redisUrl, instanceId, logger: services.logger })
      return [redis, new RelayedUpdatesExtension(services), new LogCatchUpExtension(services)]
    },
    async start(services) {
      if (!redis) return
      const extension = redis
      try {
        await joinCluster(services, extension)
      } catch (error) {
        extension.pub.disconnect()
        extension.sub.disconnect()
        throw error
      }
      const disconnect = await connectPostgresBroadcast(services, () => void recheckAllAccess(services))
      services.logger.info({ instance: services.config.instanceId }, 'joined the other instances through Redis')
      return disconnect
    },
  }
}

/** Checks that Redis answers and that no running instance has this instance's id. */
async function joinCluster(services: Services, redis: ScaleOutRedisExtension): Promise<void> {
  const { redisUrl, instanceId } = services.config
  const where = redisConnectionOptions(redisUrl!, instanceId).safeUrl
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScaleOutError(`REDIS_URL: no answer from Redis at ${where} within ${REDIS_START_TIMEOUT_MS / 1000} s.`)), REDIS_START_TIMEOUT_MS)
  })
  try {
    // The subscriber's PING answers after the extension's own subscriptions are in place.
    await Promise.race([Promise.all([redis.pub.ping(), redis.sub.ping()]), timeout])
    const [, subscribers] = await redis.pub.pubsub('NUMSUB', `${REDIS_PREFIX}#reply:${instanceId}`) as [string, number]
    if (Number(subscribers) > 1) throw new ScaleOutError(`INSTANCE_ID "${instanceId}" is already used by a running instance; give each instance its own.`)
  } finally {
    clearTimeout(timer)
  }
}
