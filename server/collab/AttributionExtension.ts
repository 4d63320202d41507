import type { beforeHandleMessagePayload, Connection, Extension, onDisconnectPayload, onLoadDocumentPayload } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { bindClientIds, readClientOwners } from '../documents/documentQueries.ts'
import { carriesStateSync, readCarriedUpdate } from '../internals/syncMessage.ts'
import { isPermanent } from '../documents/UpdateLog.ts'
import type { Services } from '../core/Services.ts'
import { AckGate } from '../internals/AckGate.ts'
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
 *
 * One exception to "someone else's client id is refused": a reconnecting client's sync step 2
 * may carry edits of other authors that it received before the server lost them (a crash
 * between relaying an update and committing it). Refusing those would lock every client that
 * saw them out of the page for good, so they are accepted, unless their author is writing on
 * the page through an open connection right now (then the author delivers them itself).
 */
export class AttributionExtension implements Extension {
  extensionName = 'Attribution'
  priority = 200
  private readonly services: Services
  /** page id → client id → user id, for loaded pages. */
  private readonly owners = new Map<string, Map<number, string>>()
  /** page id → client id → socket of the open connection its owner has written through. */
  private readonly writers = new Map<string, Map<number, string>>()

  constructor(services: Services) {
    this.services = services
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    this.owners.set(documentName, await readClientOwners(this.services.db, documentName))
  }

  async afterUnloadDocument({ documentName }: { documentName: string }): Promise<void> {
    this.owners.delete(documentName)
    this.writers.delete(documentName)
  }

  async onDisconnect({ documentName, socketId }: onDisconnectPayload): Promise<void> {
    const writers = this.writers.get(documentName)
    for (const [clientId, socket] of writers ?? []) if (socket === socketId) writers!.delete(clientId)
  }

  async beforeHandleMessage({ update: raw, connection, documentName, context, socketId }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
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
    const relayed: number[] = []
    const writers = this.writers.get(documentName) ?? new Map<number, string>()
    this.writers.set(documentName, writers)
    for (const clientId of carried.clientIds) {
      const owner = owners.get(clientId)
      if (owner === undefined) unbound.push(clientId)
      else if (owner === userId) writers.set(clientId, socketId)
      else if (carriesStateSync(raw) && !writers.has(clientId)) relayed.push(clientId)
      else throw closeWith(CloseCodes.clientIdTaken, `client ${clientId} belongs to another user`)
    }
    if (relayed.length > 0) {
      this.services.logger.warn({ page: documentName, user: userId, clientIds: relayed }, 'accepted edits of other authors that the server had lost, from a reconnecting client')
    }
    if (unbound.length === 0) return
    let taken: number[]
    try {
      taken = await bindClientIds(this.services.db, documentName, unbound, userId)
    } catch (error) {
      if (isPermanent(error)) throw error
      for (const clientId of unbound) {
        owners.set(clientId, userId)
        writers.set(clientId, socketId)
      }
      AckGate.of(connection, (err) => this.refuse(connection, documentName, err)).hold(this.bindLater(connection, documentName, unbound, userId))
      return
    }
    if (taken.length > 0) {
      this.owners.set(documentName, await readClientOwners(this.services.db, documentName))
      throw closeWith(CloseCodes.clientIdTaken, `client ${taken[0]} belongs to another user`)
    }
    for (const clientId of unbound) {
      owners.set(clientId, userId)
      writers.set(clientId, socketId)
    }
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
