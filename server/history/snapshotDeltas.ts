import * as Y from 'yjs'
import type { Queryable } from '../core/db/Db.ts'
import { listSnapshotDeltas } from './revisionQueries.ts'

type Ranges = { clock: number; len: number }[]

/** The parts of `ranges` that `covered` does not contain (both sorted and merged). */
function subtractRanges(ranges: Ranges, covered: Ranges): Ranges {
  const out: Ranges = []
  let j = 0
  for (const { clock, len } of ranges) {
    let at = clock
    const end = clock + len
    while (j < covered.length && covered[j].clock + covered[j].len <= at) j++
    for (let k = j; k < covered.length && covered[k].clock < end && at < end; k++) {
      if (covered[k].clock > at) out.push({ clock: at, len: covered[k].clock - at })
      at = Math.max(at, covered[k].clock + covered[k].len)
    }
    if (at < end) out.push({ clock: at, len: end - at })
  }
  return out
}

/**
 * What a snapshot adds to the one before it: the clients whose clocks rose, and the deletions
 * that are new. A page's document only grows, so folding the deltas of revisions 1…n gives
 * revision n back; storing deltas keeps every revision as small as the burst it closes, where
 * whole snapshots would grow with the page's entire history of deletions and of clients.
 */
export function snapshotDelta(previous: Y.Snapshot, current: Y.Snapshot): Y.Snapshot {
  const sv = new Map<number, number>()
  for (const [client, clock] of current.sv) if (clock > (previous.sv.get(client) ?? 0)) sv.set(client, clock)
  const ds = Y.createDeleteSet()
  for (const [client, ranges] of current.ds.clients) {
    const added = subtractRanges(ranges, previous.ds.clients.get(client) ?? [])
    if (added.length > 0) ds.clients.set(client, added as (typeof ds.clients extends Map<number, infer D> ? D : never))
  }
  return Y.createSnapshot(ds, sv)
}

/** Folds state vectors (or their deltas): the highest clock of every client. */
export function foldStateVectors(vectors: (Map<number, number> | Uint8Array)[]): Map<number, number> {
  const sv = new Map<number, number>()
  for (const vector of vectors) {
    for (const [client, clock] of vector instanceof Uint8Array ? Y.decodeStateVector(vector) : vector) {
      if (clock > (sv.get(client) ?? 0)) sv.set(client, clock)
    }
  }
  return sv
}

/** Folds revision deltas (oldest first) into the whole snapshot of the last one. */
export function foldSnapshots(deltas: Y.Snapshot[]): Y.Snapshot {
  return Y.createSnapshot(Y.mergeDeleteSets(deltas.map((d) => d.ds)), foldStateVectors(deltas.map((d) => d.sv)))
}

/** The whole snapshot of a page's revision `number` (the empty snapshot for 0), folded from the stored deltas. */
export async function readRevisionSnapshot(db: Queryable, pageId: string, number: number): Promise<Y.Snapshot> {
  const rows = await listSnapshotDeltas(db, pageId, 0, number)
  return foldSnapshots(rows.map((row) => Y.decodeSnapshotV2(row.snapshot)))
}
