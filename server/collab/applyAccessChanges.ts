import type { Connection } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import type { Services } from '../Services.ts'
import { findSpace } from '../spaces/spaceQueries.ts'
import type { CollabContext } from './CollabContext.ts'

/**
 * Re-checks the open connections of a space (optionally of one user) after a membership or
 * visibility change: those who may no longer read are disconnected; those who may no longer
 * edit turn read-only at once (their next update is refused) and are told so.
 */
export async function applyAccessChanges(services: Services, spaceId: string, userId?: string): Promise<void> {
  const affected: Connection<CollabContext>[] = []
  for (const document of services.hocuspocus.documents.values()) {
    for (const connection of document.getConnections() as Connection<CollabContext>[]) {
      const context = connection.context
      if (context?.spaceId === spaceId && (userId === undefined || context.actor.userId === userId)) affected.push(connection)
    }
  }
  if (affected.length === 0) return
  const cache = new Map<string | null, Awaited<ReturnType<typeof findSpace>>>()
  for (const connection of affected) {
    const { actor } = connection.context
    if (!cache.has(actor.userId)) cache.set(actor.userId, await findSpace(services.db, spaceId, actor.userId))
    const space = cache.get(actor.userId)
    const abilities = space ? spaceAbilities(actor, space) : null
    if (!abilities?.read) {
      connection.close(CloseCodes.accessChanged)
    } else if (connection.readOnly !== !abilities.edit) {
      connection.readOnly = !abilities.edit
      connection.sendStateless(JSON.stringify({ type: 'access', readOnly: connection.readOnly }))
    }
  }
}
