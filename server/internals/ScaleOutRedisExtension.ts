import { Redis } from '@hocuspocus/extension-redis'
import type { onChangePayload } from '@hocuspocus/server'
import { STORAGE_ORIGIN } from '../documents/compactDocument.ts'
import type { Logger } from '../core/logger.ts'
import { redisConnectionOptions } from '../scale/redisConnectionOptions.ts'
import { watchRedisConnection } from '../scale/watchRedisConnection.ts'

/** Prefix of every Redis channel and key of Palimpsest (one deployment per Redis: pub/sub ignores db numbers). */
export const REDIS_PREFIX = 'palimpsest'

/**
 * @hocuspocus/extension-redis joining this instance to the others: each loaded document is a
 * Redis channel, every change is announced there, peers exchange what the other misses, and
 * a document loaded while another instance has it open waits for that instance's state.
 * Two things differ from the stock extension: storing is never skipped for a Redlock held
 * elsewhere (compaction is serialized by Postgres and merges), and after a Redis outage
 * every loaded document asks its peers again for what it missed.
 */
export class ScaleOutRedisExtension extends Redis {
  extensionName = 'ScaleOutRedis'
  private readonly logger: Logger

  constructor(options: { url: string; instanceId: string; logger: Logger }) {
    const { host, port, options: redisOptions } = redisConnectionOptions(options.url, `palimpsest:${options.instanceId}`)
    super({ host, port, options: redisOptions, identifier: options.instanceId, prefix: REDIS_PREFIX })
    this.logger = options.logger
    watchRedisConnection(this.pub, 'publisher', this.logger)
    watchRedisConnection(this.sub, 'subscriber', this.logger, () => void this.resyncAfterOutage())
  }

  /**
   * No Redlock: the stock extension skips a store when another instance holds the lock, but
   * compaction (DurabilityExtension) already takes a per-page Postgres advisory lock and merges
   * what others stored, so every instance may store and none can overwrite a newer state.
   */
  override async onStoreDocument(): Promise<void> {}

  /** Announces every loaded document's state vector again; peers answer with what this instance missed, and ask in turn. */
  async resyncAfterOutage(): Promise<void> {
    // Replies come on our reply channel: wait until the subscriber has resubscribed to it.
    await this.sub.ping().catch(() => {})
    for (const document of this.instance?.documents.values() ?? []) {
      void this.onChange({ documentName: document.name, document, transactionOrigin: STORAGE_ORIGIN } as onChangePayload)
    }
    this.logger.info({ documents: this.instance?.documents.size ?? 0 }, 're-synced loaded documents with the other instances')
  }
}
