import * as Y from 'yjs'
import type { CarriedSegment } from '../documents/carriedSegments.ts'
import type { CarriedUpdate } from '../documents/syncMessage.ts'
import { newDeletions, type DeletionRanges } from './deletionRanges.ts'
import { matchCarriedText } from './matchCarriedText.ts'

/** New clocks (characters and items) an update must write to be looked at as a possible pasted copy. */
const MIN_PASTE = 12

/** How many clocks the update writes that the document does not have yet. */
function newClocks(ends: Map<number, number>, doc: Y.Doc): number {
  let count = 0
  for (const [client, end] of ends) count += Math.max(0, end - Y.getState(doc.store, client))
  return count
}

/**
 * The edit-path work of carried text for one incoming update, before it is applied: null at
 * once for typing (a few new clocks, nothing deleted now or lately by the sender), else the
 * update's new deletions and the text it carries or copies (matchCarriedText). `recent` is
 * what the sender deleted lately on the page.
 */
export function findCarriedText(doc: Y.Doc, carried: CarriedUpdate, recent: DeletionRanges | undefined): { deletions: DeletionRanges; segments: CarriedSegment[] } | null {
  if (carried.empty) return null
  if (!carried.deletes && !recent && newClocks(carried.ends, doc) < MIN_PASTE) return null
  const deletions = carried.deletes ? newDeletions(doc, carried.update) : new Map()
  // Backspace only deletes: nothing to carry now, but what it deleted may be pasted back.
  const segments = carried.clientIds.size > 0 ? matchCarriedText(doc, carried.update, deletions, recent) : []
  return { deletions, segments }
}
