import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import { notifyChannel } from './channelQueries.ts'

/** How often a listener checks that its LISTEN connection still delivers. */
const HEARTBEAT_MS = 10_000

/** A heartbeat notification: `{"heartbeat":"<instance id>"}`, never passed on. */
const HEARTBEAT_PREFIX = '{"heartbeat":'

/**
 * Listens on a Postgres channel and keeps listening. The driver listens again by itself when
 * it notices its LISTEN connection closed (`onRelisten` runs then). A connection that dies
 * without the driver noticing stops delivering without a word, so every `intervalMs`
 * this instance sends itself a heartbeat round the channel; when the previous one has not come
 * back, the listener is replaced and `onRelisten` runs (what was sent meanwhile was missed).
 * Resolves once listening, to a function that stops.
 */
export async function listenWithHeartbeat(options: {
  db: Db
  channel: string
  instanceId: string
  logger: Logger
  onNotify: (payload: string) => void
  onRelisten?: () => void
  intervalMs?: number
}): Promise<() => Promise<void>> {
  const { db, channel, logger } = options
  const beat = JSON.stringify({ heartbeat: options.instanceId })
  let alive = true
  let stopped = false
  const deliver = (payload: string) => {
    if (!payload.startsWith(HEARTBEAT_PREFIX)) return options.onNotify(payload)
    if (payload === beat) alive = true
  }
  // The driver may notice a lost connection itself and listen again at once: then too,
  // what was sent meanwhile was missed.
  const relistened = () => {
    logger.warn({ channel }, 'the LISTEN connection was lost and listens again')
    options.onRelisten?.()
  }
  let unlisten = await db.listen(channel, deliver, relistened)

  const check = async () => {
    if (!alive) {
      logger.warn({ channel }, 'a LISTEN connection stopped delivering; listening again')
      await unlisten().catch(() => {})
      unlisten = await db.listen(channel, deliver, relistened)
      if (stopped) return void (await unlisten().catch(() => {}))
      options.onRelisten?.()
    }
    alive = false
    await notifyChannel(db, channel, beat)
  }
  let running: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    // One check at a time; a failed one (database away) is retried at the next beat.
    running = running.then(check).catch((err) => logger.warn({ err, channel }, 'could not check a LISTEN connection'))
  }, options.intervalMs ?? HEARTBEAT_MS)
  timer.unref()

  return async () => {
    stopped = true
    clearInterval(timer)
    await running
    await unlisten().catch(() => {})
  }
}
