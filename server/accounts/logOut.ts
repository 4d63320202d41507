import type { Services } from '../core/Services.ts'
import { deleteSession } from './sessionQueries.ts'

/**
 * Ends a session: its token stops working at once, on the API and on the websocket (its
 * open connections are closed through the `sessionEnded` event). Unknown tokens are ignored.
 */
export async function logOut(services: Services, token: string): Promise<void> {
  const ended = await deleteSession(services.db, token)
  if (ended) services.events.emit('sessionEnded', ended)
}
