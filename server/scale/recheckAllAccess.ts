import type { Connection } from '@hocuspocus/server'
import { applyAccessChanges } from '../collab/applyAccessChanges.ts'
import type { CollabContext } from '../collab/CollabContext.ts'
import type { Services } from '../core/Services.ts'

/**
 * Re-checks every open connection of this instance against the database, space by space:
 * after a broadcast outage, a membership change made on another instance may have been missed.
 */
export async function recheckAllAccess(services: Services): Promise<void> {
  const spaceIds = new Set<string>()
  for (const document of services.hocuspocus.documents.values()) {
    for (const connection of document.getConnections() as Connection<CollabContext>[]) {
      if (connection.context?.spaceId) spaceIds.add(connection.context.spaceId)
    }
  }
  for (const spaceId of spaceIds) {
    await applyAccessChanges(services, spaceId).catch((err) => services.logger.error({ err, spaceId }, 'could not re-check access'))
  }
}
