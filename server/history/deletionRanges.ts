import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Ranges of Yjs items someone deleted: client → sorted, non-overlapping [clock, length] pairs. */
export type DeletionRanges = Map<number, [number, number][]>

/** Adds [clock, clock + length) of `client` to the ranges, keeping them sorted and merged. */
export function addDeletion(ranges: DeletionRanges, client: number, clock: number, length: number): void {
  if (length <= 0) return
  let list = ranges.get(client)
  if (!list) ranges.set(client, (list = []))
  // First range that ends at or after the new one starts: it and the ones after may touch it.
  let low = 0
  let high = list.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (list[mid][0] + list[mid][1] < clock) low = mid + 1
    else high = mid
  }
  let start = clock
  let end = clock + length
  let count = 0
  while (low + count < list.length && list[low + count][0] <= end) {
    start = Math.min(start, list[low + count][0])
    end = Math.max(end, list[low + count][0] + list[low + count][1])
    count += 1
  }
  list.splice(low, count, [start, end - start])
}

/** Adds every range of `from` to `into`. */
export function mergeDeletions(into: DeletionRanges, from: DeletionRanges): void {
  for (const [client, list] of from) for (const [clock, len] of list) addDeletion(into, client, clock, len)
}

/** Whether the item `clock` of `client` is inside the ranges. */
export function deletionContains(ranges: DeletionRanges, client: number, clock: number): boolean {
  const list = ranges.get(client)
  if (!list) return false
  let low = 0
  let high = list.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const [start, len] = list[mid]
    if (clock < start) high = mid - 1
    else if (clock >= start + len) low = mid + 1
    else return true
  }
  return false
}

/**
 * The deletions an update makes that the document does not have yet: what the sender really
 * deleted, as opposed to deletions it merely repeats (a reconnecting client re-sends its state).
 * Call before the update is applied.
 */
export function newDeletions(doc: Y.Doc, update: Uint8Array): DeletionRanges {
  const ranges: DeletionRanges = new Map()
  const { ds } = Y.decodeUpdate(update)
  for (const [client, items] of ds.clients) {
    const known = Y.getState(doc.store, client)
    for (const { clock, len } of items) {
      const end = clock + len
      let at = clock
      while (at < end && at < known) {
        const struct = Y.getItem(doc.store, Y.createID(client, at))
        const structEnd = struct.id.clock + struct.length
        if (struct instanceof Y.Item && !struct.deleted) addDeletion(ranges, client, at, Math.min(end, structEnd) - at)
        at = structEnd
      }
      // Items the same update inserts and deletes were never visible to anyone else.
    }
  }
  return ranges
}

/** Compact binary form for storage. */
export function encodeDeletions(ranges: DeletionRanges): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, ranges.size)
  for (const [client, list] of ranges) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, list.length)
    let previous = 0
    for (const [clock, len] of list) {
      encoding.writeVarUint(encoder, clock - previous)
      encoding.writeVarUint(encoder, len)
      previous = clock
    }
  }
  return encoding.toUint8Array(encoder)
}

export function decodeDeletions(bytes: Uint8Array): DeletionRanges {
  const decoder = decoding.createDecoder(bytes)
  const ranges: DeletionRanges = new Map()
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
    const client = decoding.readVarUint(decoder)
    const list: [number, number][] = []
    let previous = 0
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      previous += decoding.readVarUint(decoder)
      list.push([previous, decoding.readVarUint(decoder)])
    }
    ranges.set(client, list)
  }
  return ranges
}

/** Removes [clock, clock + length) of `client` from the ranges. */
export function removeDeletion(ranges: DeletionRanges, client: number, clock: number, length: number): void {
  const list = ranges.get(client)
  if (!list || length <= 0) return
  const end = clock + length
  const kept: [number, number][] = []
  for (const [start, len] of list) {
    if (start + len <= clock || start >= end) {
      kept.push([start, len])
      continue
    }
    if (start < clock) kept.push([start, clock - start])
    if (start + len > end) kept.push([end, start + len - end])
  }
  if (kept.length > 0) ranges.set(client, kept)
  else ranges.delete(client)
}
