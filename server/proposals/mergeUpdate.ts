import * as Y from 'yjs'
import { addDeletion, removeDeletion } from '../history/deletionRanges.ts'
import { deletionsOf, updateWithDeletions } from '../internals/updateWithDeletions.ts'
import type { ProposalChange } from './proposalChanges.ts'

/**
 * The update that carries a proposal's accepted changes to its page: every item the branch
 * added since the fork (so later items keep their anchors) and its deletions, except that a
 * rejected change's removals are left out (those items stay, with their authors) and its
 * additions are deleted in the same update (they never show). Without rejections it is the
 * branch's own update since the fork, as Yjs encodes it.
 */
export function mergeUpdate(branch: Y.Doc, forkStateVector: Uint8Array, rejected: ProposalChange[]): Uint8Array {
  const update = Y.encodeStateAsUpdate(branch, forkStateVector)
  if (rejected.length === 0) return update
  const deletions = deletionsOf(update)
  for (const change of rejected) {
    for (const [client, list] of change.removed) for (const [clock, len] of list) removeDeletion(deletions, client, clock, len)
    for (const [client, list] of change.added) for (const [clock, len] of list) addDeletion(deletions, client, clock, len)
  }
  return updateWithDeletions(update, deletions)
}
