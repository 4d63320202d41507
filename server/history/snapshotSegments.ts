import * as Y from 'yjs'
import { firstRangeEndingAfter } from '../documents/snapshotCovers.ts'

/** Whether the character (or item) `clock` of `client` is part of the document at `snapshot`. */
export function visibleAt(snapshot: Y.Snapshot, client: number, clock: number): boolean {
  return clock < (snapshot.sv.get(client) ?? 0) && !Y.isDeleted(snapshot.ds, Y.createID(client, clock))
}

/** Index of the first clock of a sorted list that is greater than `clock`. */
export function firstGreater(sorted: number[], clock: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid] <= clock) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * Splits the clocks [start, end) of one client into segments inside which nothing changes:
 * the same visibility in every snapshot, and no extra cut (a revision boundary) inside.
 * Yjs merges neighbouring items of a client, so one item may span several snapshots; this
 * reads it piecewise without splitting (mutating) the document. Returns segment starts.
 */
export function segmentStarts(client: number, start: number, end: number, snapshots: Y.Snapshot[], cuts?: number[]): number[] {
  const points = new Set<number>([start])
  const add = (clock: number) => { if (clock > start && clock < end) points.add(clock) }
  for (const snapshot of snapshots) {
    add(snapshot.sv.get(client) ?? 0)
    const ranges = snapshot.ds.clients.get(client)
    if (!ranges) continue
    for (let i = firstRangeEndingAfter(ranges, start); i < ranges.length && ranges[i].clock < end; i++) {
      add(ranges[i].clock)
      add(ranges[i].clock + ranges[i].len)
    }
  }
  if (cuts) for (let i = firstGreater(cuts, start); i < cuts.length && cuts[i] < end; i++) add(cuts[i])
  return [...points].sort((a, b) => a - b)
}
