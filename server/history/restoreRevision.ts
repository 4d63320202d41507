import { updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CONTENT_FIELD } from '../../shared/editor/documentSchema.ts'
import type { Actor } from '../core/Actor.ts'
import type { CollabContext } from '../collab/CollabContext.ts'
import { encodeCarriedSegments } from '../documents/carriedSegments.ts'
import { bindClientIds, insertCarriedText } from '../documents/documentQueries.ts'
import { pageNode } from '../documents/pageNode.ts'
import type { PageRow } from '../pages/pageQueries.ts'
import type { Services } from '../core/Services.ts'
import { deletedSince } from '../internals/deletedSince.ts'
import { mergeDeletions, newDeletions } from './deletionRanges.ts'
import { matchCarriedText } from '../internals/matchCarriedText.ts'
import { rebuildRevision } from './readRevisionContent.ts'
import type { RevisionRow } from './revisionQueries.ts'
import type { RevisionsExtension } from './RevisionsExtension.ts'
import { readRevisionSnapshot } from './snapshotDeltas.ts'

/** A fresh Yjs client id for the restore, bound to the restoring user on this page. */
async function restoringClient(services: Services, pageId: string, userId: string): Promise<number> {
  for (;;) {
    const clientId = new Y.Doc().clientID
    if ((await bindClientIds(services.db, pageId, [clientId], userId)).length === 0) return clientId
  }
}

/**
 * Makes the page that revision again through the smallest change: y-prosemirror's
 * updateYFragment diffs the old content into the live document, so passages the revision
 * shares with the page keep their items — and their authors. The change is written by a
 * client id bound to the restorer, logged, then applied through a direct connection, so open
 * editors see it at once and it is stored like any edit. Edits pending before the restore
 * are cut first; the restore itself becomes a new revision. Text it re-creates — moved back,
 * or brought back after a deletion — is carried text: still its original authors'.
 */
export async function restoreRevision(services: Services, revisions: RevisionsExtension, actor: Actor & { userId: string }, page: PageRow, revision: RevisionRow): Promise<RevisionRow> {
  const target = pageNode(await rebuildRevision(services, revision))
  const context: CollabContext = { actor, pageId: page.id, spaceId: page.spaceId, loggedByCaller: true }
  const connection = await services.hocuspocus.openDirectConnection(page.id, context)
  try {
    await revisions.flush(page.id)
    const live = connection.document!
    const copy = new Y.Doc({ gc: false })
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live))
    copy.clientID = await restoringClient(services, page.id, actor.userId)
    const updates: Uint8Array[] = []
    copy.on('update', (update: Uint8Array) => updates.push(update))
    copy.transact(() => updateYFragment(copy, copy.getXmlFragment(CONTENT_FIELD), target, { mapping: new Map(), isOMark: new Map() }))
    const update = updates.length > 0 ? Y.mergeUpdates(updates) : null
    const deletions = update ? newDeletions(live, update) : new Map()
    if (update) {
      // Text the restore re-creates keeps its authors: what it moves, and what it brings back
      // of the revision's text deleted since. Stored before the change, so it is never missing
      // for a change that was applied (a crash in between leaves only an unused record).
      // One pool: the revision's own items, where they are, are the best match for its text.
      const pool = deletedSince(live, await readRevisionSnapshot(services.db, page.id, revision.number))
      mergeDeletions(pool, deletions)
      const segments = matchCarriedText(live, update, pool)
      if (segments.length > 0) await insertCarriedText(services.db, page.id, encodeCarriedSegments(segments))
      // Logged before it is applied, like a client's edit: no open editor may receive a change
      // the server could still lose. Disconnecting then stores the page at once.
      await services.updateLog.append(page.id, update, actor.userId)
      await connection.transact((document) => Y.applyUpdate(document, update))
    }
    const cut = await revisions.cutNow(page.id, {
      kind: 'restore', createdBy: actor.userId, restoredFrom: revision.id, summary: `Restored revision ${revision.number}`,
    }, { editors: update ? [actor.userId] : [], deletions: new Map([[actor.userId, deletions]]) })
    return cut!.revision
  } finally {
    await connection.disconnect()
  }
}
