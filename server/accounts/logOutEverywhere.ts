import type { Services } from '../Services.ts'
import { deleteUserSessions } from './sessionQueries.ts'

/**
 * Ends every session of a user, or every one but `keepSessionId`: their tokens stop working
 * at once, and each session's open collaboration connections close with `session-ended` (on
 * every instance, through the `sessionEnded` event). Resolves to how many were ended.
 */
export async function logOutEverywhere(services: Services, userId: string, keepSessionId?: string): Promise<number> {
  const ended = await deleteUserSessions(services.db, userId, keepSessionId)
  for (const session of ended) services.events.emit('sessionEnded', session)
  return ended.length
}
