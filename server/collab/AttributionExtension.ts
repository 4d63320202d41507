import type { beforeHandleMessagePayload, Extension, onLoadDocumentPayload } from '@hocuspocus/server'
import * as Y from 'yjs'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { catchUpWithLog } from '../documents/catchUpWithLog.ts'
import { bindClientIds, readClientOwners } from '../documents/documentQueries.ts'
import { newClocksOf, readCarriedUpdate, type CarriedUpdate } from '../internals/syncMessage.ts'
import { isPermanent } from '../documents/UpdateLog.ts'
import type { Services } from '../core/Services.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

const FIRST_RETRY_MS = 100
const MAX_RETRY_MS = 2000

/**
 * Attribution is the server's, and it cannot be forged. The first time a connection's update
 * writes under a Yjs client id on a page, that id is bound to the authenticated user — if it
 * is new: an id that already wrote on the page and is bound to nobody is not up for grabs
 * (an update may repeat what it wrote, never add to it).
 * Under a client id bound to someone else (another member, the seed's system author), an
 * update may only repeat what the page already holds — what this server relayed, since it
 * relays only what it has logged (DurabilityExtension) — never add a clock to it. What the page
 * holds aside (logged, waiting for an earlier struct) counts as held: the server's sync hands it
 * out too. Anything else closes the connection with `client-id-taken`, before it is logged or
 * applied. Runs after MessageGuard, before Durability.
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

  async beforeHandleMessage({ update: raw, connection, document, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (connection.readOnly) return
    const carried = readCarriedUpdate(raw)
    const userId = context.actor.userId
    if (!carried || carried.clientIds.size === 0 || !userId) return
    let owners = this.owners.get(documentName) ?? await this.reloadOwners(documentName)
    // An id unknown here but already writing on the page: bound meanwhile on another instance,
    // or never bound at all. Ask the database before deciding.
    if ([...carried.clientIds].some((id) => !owners.has(id) && Y.getState(document.store, id) > 0)) {
      owners = await this.reloadOwners(documentName)
    }
    const unbound: number[] = []
    const foreign: number[] = []
    for (const clientId of carried.clientIds) {
      const owner = owners.get(clientId)
      if (owner === undefined) unbound.push(clientId)
      else if (owner !== userId) foreign.push(clientId)
    }
    // An id that already wrote here bound to nobody (the server's own writes: a restore, a
    // merge) is nobody's to take, but repeating what it wrote is fine: a device copy applied
    // after connecting sends the page's whole content back.
    const claimed = unbound.filter((id) => Y.getState(document.store, id) > 0)
    if (claimed.length > 0 && newClocksOf(carried, claimed, document).length > 0) {
      throw closeWith(CloseCodes.clientIdTaken, `client ${claimed[0]} already wrote on this page`)
    }
    if (foreign.length > 0) await this.refuseNewClocks(carried, foreign, document, documentName, userId)
    const fresh = unbound.filter((id) => !claimed.includes(id))
    if (fresh.length > 0) await this.bind(documentName, fresh, userId, owners)
  }

  /**
   * Refuses an update that adds clocks under other users' client ids. A clock this instance
   * lacks may still have been logged (and relayed) by another instance: the page is caught up
   * with what is stored first, so only clocks that no instance ever committed are refused.
   */
  private async refuseNewClocks(carried: CarriedUpdate, foreign: number[], doc: Y.Doc, documentName: string, userId: string): Promise<void> {
    if (newClocksOf(carried, foreign, doc).length === 0) return
    await catchUpWithLog(this.services, documentName, doc)
    const forged = newClocksOf(carried, foreign, doc)
    if (forged.length === 0) return
    this.services.logger.warn({ page: documentName, user: userId, clientIds: forged }, 'refused an update writing new clocks under another user\'s client id')
    throw closeWith(CloseCodes.clientIdTaken, `client ${forged[0]} belongs to another user`)
  }

  /**
   * Binds new client ids to the user. While the database is unreachable the binding is retried
   * (the update waits, as its log append would); an id another user bound first is refused.
   */
  private async bind(documentName: string, clientIds: number[], userId: string, owners: Map<number, string>): Promise<void> {
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      let taken: number[]
      try {
        taken = await bindClientIds(this.services.db, documentName, clientIds, userId)
      } catch (error) {
        if (isPermanent(error)) throw error
        await new Promise((r) => setTimeout(r, delay))
        continue
      }
      if (taken.length > 0) {
        await this.reloadOwners(documentName)
        throw closeWith(CloseCodes.clientIdTaken, `client ${taken[0]} belongs to another user`)
      }
      for (const clientId of clientIds) owners.set(clientId, userId)
      return
    }
  }

  private async reloadOwners(documentName: string): Promise<Map<number, string>> {
    const owners = await readClientOwners(this.services.db, documentName)
    this.owners.set(documentName, owners)
    return owners
  }
}
