import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import { notifyChannel } from './channelQueries.ts'

/** How often a listener checks that its LISTEN connection still delivers. */
const HEARTBEAT_MS = 10_000

/** A heartbeat notification: `{"heartbeat":"<instance id>"}`, never passed on. */
const HEARTBEAT_PREFIX = '{"heartbeat":'

/**
 * Listens on a Postgres channel and keeps listening. A LISTEN connection that dies (Postgres
 * restarted, its backend terminated) stops delivering without a word, so every `intervalMs`
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
  let unlisten = await db.listen(channel, deliver)

  const check = async () => {
    if (!alive) {
      logger.warn({ channel }, 'a LISTEN connection stopped delivering; listening again')
      await unlisten().catch(() => {})
      unlisten = await db.listen(channel, deliver)
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
