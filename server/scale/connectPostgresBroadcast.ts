import type { Services } from '../core/Services.ts'
import { notifyChannel } from './channelQueries.ts'
import { listenWithHeartbeat } from './listenWithHeartbeat.ts'

/** The Postgres channel broadcast events travel on (lower case: unquoted in LISTEN). */
export const BROADCAST_CHANNEL = 'palimpsest_broadcast'

/**
 * Carries services.broadcast between instances over Postgres LISTEN/NOTIFY, the one mechanism
 * by which anything but documents reaches other instances (the links' page notices use it too).
 * `onRelisten` runs when the listening connection had to be replaced: events were missed.
 * Resolves once listening, to a function that stops.
 */
export async function connectPostgresBroadcast(services: Services, onRelisten?: () => void): Promise<() => Promise<void>> {
  const { broadcast, db, logger, config } = services
  const stop = await listenWithHeartbeat({
    db, logger, channel: BROADCAST_CHANNEL, instanceId: config.instanceId, onRelisten,
    onNotify: (payload) => broadcast.receive(payload),
  })
  broadcast.useTransport({ send: (message) => notifyChannel(db, BROADCAST_CHANNEL, message) })
  return async () => {
    broadcast.useTransport(null)
    await stop()
  }
}
