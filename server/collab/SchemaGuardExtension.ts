import type { afterLoadDocumentPayload, beforeHandleMessagePayload, Extension } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { checkUpdate } from '../documents/checkUpdate.ts'
import { readClientOwners } from '../documents/documentQueries.ts'
import { repairDocument } from '../documents/repairDocument.ts'
import { readCarriedUpdate } from '../internals/syncMessage.ts'
import type { Services } from '../core/Services.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

/**
 * Pages hold only what the page schema can read. Every incoming update is checked against it
 * (checkUpdate) before attribution, the log or the document see it; one that is refused
 * closes its sender with the malformed-message code and goes nowhere. A page stored before
 * the check existed is repaired as it loads: the unreadable parts are set aside by a server
 * transaction, which history records.
 */
export class SchemaGuardExtension implements Extension {
  extensionName = 'SchemaGuard'
  // After MessageGuard (which decodes the message), before Attribution and Durability.
  priority = 250
  private readonly services: Services

  constructor(services: Services) {
    this.services = services
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const removed = repairDocument(document)
    if (removed > 0) this.services.logger.warn({ page: documentName, removed }, 'repaired a page: set aside parts the schema cannot read')
  }

  async beforeHandleMessage({ update: raw, connection, document, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    // Read-only connections' updates are refused by Hocuspocus itself (sync status false).
    if (connection.readOnly) return
    const carried = readCarriedUpdate(raw)
    if (!carried || carried.empty) return
    let problem = checkUpdate(carried, document)
    if (problem?.startsWith('deletes items of client')) {
      // Rare: read who owns which client id only then. The sender may delete ahead within its
      // own client ids and ones bound to nobody yet (random ids no one else can foresee).
      const owners = await readClientOwners(this.services.db, documentName)
      const userId = context.actor.userId
      problem = checkUpdate(carried, document, undefined, undefined, (client) => userId !== null && (owners.get(client) ?? userId) === userId)
    }
    if (problem === null) return
    this.services.logger.warn({ page: documentName, socket: connection.socketId, problem }, 'refused an update the page schema cannot read')
    throw closeWith(CloseCodes.malformedMessage, problem)
  }
}
