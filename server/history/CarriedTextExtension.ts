import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server'
import type { CollabContext } from '../collab/CollabContext.ts'
import { encodeCarriedSegments } from '../documents/carriedSegments.ts'
import { readCarriedUpdate } from '../documents/syncMessage.ts'
import type { Services } from '../Services.ts'
import { newDeletions } from './deletionRanges.ts'
import { matchCarriedText } from './matchCarriedText.ts'

/**
 * Keeps authorship through structural edits. The editor binding makes a split, a join, a new
 * block type, a wrap or a move into a deletion plus a re-insertion of the same text; for an
 * update that does both, this finds which new items re-insert which deleted ones and hands the
 * record to the update log (CarriedUpdate.carriedText), which stores it in the same statement as
 * the update. History then credits the carried text to whoever wrote the original.
 */
export class CarriedTextExtension implements Extension {
  extensionName = 'CarriedText'
  // After Attribution (which may refuse the update), before Durability (which logs it).
  priority = 150
  private readonly services: Services

  constructor(services: Services) {
    this.services = services
  }

  async beforeHandleMessage({ update: raw, connection, document, documentName }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (connection.readOnly) return
    const carried = readCarriedUpdate(raw)
    // Typing inserts without deleting, backspace deletes without inserting: both leave at once.
    if (!carried || !carried.deletes || carried.clientIds.size === 0) return
    try {
      const segments = matchCarriedText(document, carried.update, newDeletions(document, carried.update))
      if (segments.length > 0) carried.carriedText = encodeCarriedSegments(segments)
    } catch (err) {
      // Authorship detail must never cost an edit: the update is logged without it.
      this.services.logger.error({ err, page: documentName }, 'could not match carried text')
    }
  }
}
