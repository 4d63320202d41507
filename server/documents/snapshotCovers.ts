import type * as Y from 'yjs'

/** Index of the first delete range of `ranges` (sorted, as in a snapshot) that ends after `clock`. */
export function firstRangeEndingAfter(ranges: { clock: number; len: number }[], clock: number): number {
  let low = 0
  let high = ranges.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (ranges[mid].clock + ranges[mid].len <= clock) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * Whether everything `inner` holds is in `outer`: every inserted item (the state vector) and
 * every deletion (the delete set, which a deletion changes without moving any clock).
 */
export function snapshotCovers(outer: Y.Snapshot, inner: Y.Snapshot): boolean {
  for (const [client, clock] of inner.sv) if ((outer.sv.get(client) ?? 0) < clock) return false
  for (const [client, ranges] of inner.ds.clients) {
    const outerRanges = outer.ds.clients.get(client) ?? []
    for (const { clock, len } of ranges) {
      let at = clock
      while (at < clock + len) {
        const i = firstRangeEndingAfter(outerRanges, at)
        if (i >= outerRanges.length || outerRanges[i].clock > at) return false
        at = outerRanges[i].clock + outerRanges[i].len
      }
    }
  }
  return true
}
