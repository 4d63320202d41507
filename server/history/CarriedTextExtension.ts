import type { afterUnloadDocumentPayload, beforeHandleMessagePayload, Extension } from '@hocuspocus/server'
import { isProposalDocument } from '../../shared/proposalDocument.ts'
import type { CollabContext } from '../collab/CollabContext.ts'
import { encodeCarriedSegments } from '../documents/carriedSegments.ts'
import { readCarriedUpdate } from '../internals/syncMessage.ts'
import type { Services } from '../core/Services.ts'
import { mergeDeletions, removeDeletion, type DeletionRanges } from './deletionRanges.ts'
import { findCarriedText } from './findCarriedText.ts'

/** How long what a user deleted is still matched against their pastes (a cut, then its paste). */
const RECENT_MS = 5 * 60_000

/** What one user deleted on a page lately and has not re-inserted yet. */
interface Recent {
  ranges: DeletionRanges
  at: number
}

/**
 * Keeps authorship through structural edits. The editor binding makes a split, a join, a new
 * block type, a wrap or a drag into a deletion plus a re-insertion of the same text, and a cut
 * and paste into a deletion and, a little later, an insertion. For an update that inserts text,
 * this finds which new items re-insert text deleted by the same update or, lately, by the same
 * user, and hands the record to the update log (CarriedUpdate.carriedText), which stores it in
 * the same statement as the update. History then credits carried text to whoever typed it, and
 * notes a paste that copies text still on the page as copied (credited to the paster).
 */
export class CarriedTextExtension implements Extension {
  extensionName = 'CarriedText'
  // After Attribution (which may refuse the update), before Durability (which logs it).
  priority = 150
  private readonly services: Services
  /** Per page, per user: recent deletions (in memory: a cut and its paste are minutes apart). */
  private readonly recent = new Map<string, Map<string, Recent>>()

  constructor(services: Services) {
    this.services = services
  }

  async beforeHandleMessage({ update: raw, connection, document, documentName, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (isProposalDocument(documentName)) return
    const userId = context.actor?.userId
    if (connection.readOnly || !userId) return
    const carried = readCarriedUpdate(raw)
    if (!carried || carried.empty) return
    const page = this.recent.get(documentName)
    let recent = page?.get(userId)
    if (recent && Date.now() - recent.at > RECENT_MS) {
      page!.delete(userId)
      recent = undefined
    }
    try {
      const found = findCarriedText(document, carried, recent?.ranges)
      if (!found) return
      const { deletions, segments } = found
      if (segments.length > 0) carried.carriedText = encodeCarriedSegments(segments)
      // What is left of this update's deletions may be pasted back later; what was carried is used up.
      for (const s of segments) {
        if (s.copy) continue
        removeDeletion(deletions, s.fromClient, s.fromClock, s.length)
        if (recent) removeDeletion(recent.ranges, s.fromClient, s.fromClock, s.length)
      }
      if (deletions.size > 0) this.remember(documentName, userId, deletions)
    } catch (err) {
      // Authorship detail must never cost an edit: the update is logged without it.
      this.services.logger.error({ err, page: documentName }, 'could not match carried text')
    }
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.recent.delete(documentName)
  }

  private remember(pageId: string, userId: string, deletions: DeletionRanges): void {
    let page = this.recent.get(pageId)
    if (!page) this.recent.set(pageId, (page = new Map()))
    const recent = page.get(userId)
    if (recent) {
      mergeDeletions(recent.ranges, deletions)
      recent.at = Date.now()
    } else {
      page.set(userId, { ranges: deletions, at: Date.now() })
    }
  }
}
