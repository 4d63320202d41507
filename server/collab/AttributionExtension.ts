import type { beforeHandleMessagePayload, Connection, Extension, onLoadDocumentPayload } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { bindClientIds, readClientOwners } from '../documents/documentQueries.ts'
import { readCarriedUpdate } from '../documents/syncMessage.ts'
import { isPermanent } from '../documents/UpdateLog.ts'
import type { Services } from '../Services.ts'
import { AckGate } from './AckGate.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

const FIRST_RETRY_MS = 100
const MAX_RETRY_MS = 2000

/**
 * Attribution is the server's: the first time a connection's update carries a Yjs client id
 * on a page, that id is bound to the authenticated user. An update writing with a client id
 * bound to someone else is refused and its connection closed. Runs before Durability.
 * While the database is unreachable a new id is bound in memory (this instance's owners
 * decide), so the edit still reaches the other clients; the binding is stored when the
 * database returns, and the connection's acknowledgements wait for it.
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
    let taken: number[]
    try {
      taken = await bindClientIds(this.services.db, documentName, unbound, userId)
    } catch (error) {
      if (isPermanent(error)) throw error
      for (const clientId of unbound) owners.set(clientId, userId)
      AckGate.of(connection, (err) => this.refuse(connection, documentName, err)).hold(this.bindLater(connection, documentName, unbound, userId))
      return
    }
    if (taken.length > 0) {
      this.owners.set(documentName, await readClientOwners(this.services.db, documentName))
      throw closeWith(CloseCodes.clientIdTaken, `client ${taken[0]} belongs to another user`)
    }
    for (const clientId of unbound) owners.set(clientId, userId)
  }

  /** Stores a binding made in memory during an outage, retrying until the database answers. */
  private async bindLater(connection: Connection, documentName: string, clientIds: number[], userId: string): Promise<void> {
    const { db, logger } = this.services
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      try {
        const taken = await bindClientIds(db, documentName, clientIds, userId)
        if (taken.length === 0) return
        // Another instance bound the id meanwhile: that update was not this user's to make.
        logger.error({ page: documentName, clientIds: taken }, 'a client id bound during a database outage belongs to another user')
        this.owners.delete(documentName)
        connection.close(CloseCodes.clientIdTaken)
        return
      } catch (error) {
        if (isPermanent(error)) throw error
        await new Promise((r) => setTimeout(r, delay))
      }
    }
  }

  private refuse(connection: Connection, documentName: string, error: unknown): void {
    this.services.logger.error({ page: documentName, err: error }, 'an update was refused by the database; closing its connection')
    connection.close(CloseCodes.notStored)
  }
}
