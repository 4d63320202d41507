import * as Y from 'yjs'

/**
 * Whether a document whose snapshot is `current` holds nothing a document whose snapshot is
 * `indexed` did not (both encoded with Y.encodeSnapshot): every insertion (the state vector) and
 * every deletion (the delete set, which a deletion changes without moving any clock).
 */
export function snapshotCovers(indexed: Uint8Array, current: Uint8Array): boolean {
  const seen = Y.decodeSnapshot(indexed)
  const now = Y.decodeSnapshot(current)
  for (const [client, clock] of now.sv) {
    if ((seen.sv.get(client) ?? 0) < clock) return false
  }
  // Merging in the current deletions leaves the indexed ones as they were only if it adds none.
  return Y.equalDeleteSets(Y.mergeDeleteSets([seen.ds]), Y.mergeDeleteSets([seen.ds, now.ds]))
}
