import type { beforeHandleMessagePayload, Extension, onLoadDocumentPayload } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { bindClientIds, readClientOwners } from '../documents/documentQueries.ts'
import { readCarriedUpdate } from '../documents/syncMessage.ts'
import type { Services } from '../Services.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

/**
 * Attribution is the server's: the first time a connection's update carries a Yjs client id
 * on a page, that id is bound to the authenticated user. An update writing with a client id
 * bound to someone else is refused and its connection closed. Runs before Durability.
 */
export class AttributionExtension implements Extension {
  extensionName = 'Attribution'
  priority = 200
  private readonly services: Services
  /** page id → client id → user id, for loaded pages. */
  private readonly owners = new Map<string, Map<number, string>>()

  constructor(services: Services) {
    this.services = services
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    this.owners.set(documentName, await readClientOwners(this.services.db, documentName))
  }

  async afterUnloadDocument({ documentName }: { documentName: string }): Promise<void> {
    this.owners.delete(documentName)
  }

  async beforeHandleMessage({ update: raw, connection, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (connection.readOnly) return
    const carried = readCarriedUpdate(raw)
    const userId = context.actor.userId
    if (!carried || carried.clientIds.size === 0 || !userId) return
    let owners = this.owners.get(documentName)
    if (!owners) {
      owners = await readClientOwners(this.services.db, documentName)
      this.owners.set(documentName, owners)
    }
    const unbound: number[] = []
    for (const clientId of carried.clientIds) {
      const owner = owners.get(clientId)
      if (owner === undefined) unbound.push(clientId)
      else if (owner !== userId) throw closeWith(CloseCodes.clientIdTaken, `client ${clientId} belongs to another user`)
    }
    if (unbound.length === 0) return
    const taken = await bindClientIds(this.services.db, documentName, unbound, userId)
    if (taken.length > 0) {
      this.owners.set(documentName, await readClientOwners(this.services.db, documentName))
      throw closeWith(CloseCodes.clientIdTaken, `client ${taken[0]} belongs to another user`)
    }
    for (const clientId of unbound) owners.set(clientId, userId)
  }
}
