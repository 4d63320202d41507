import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Ranges of Yjs items: client → sorted, non-overlapping [clock, length] pairs (as DeletionRanges). */
export type ItemRanges = Map<number, [number, number][]>

/** Items and GC structs write themselves (`offset` 0: from their first clock). */
interface Writable {
  write(encoder: Y.UpdateEncoderV1, offset: number): void
}

/**
 * The items an update (v1) inserts, with `deletions` as its delete set instead of its own.
 * This is how a merge keeps a deletion a reviewer rejected (left out of the delete set) and
 * drops an insertion they rejected (its items inserted and deleted at once). Yjs has no public
 * writer for an update's parts, so this writes the v1 format itself the way Yjs's own encoder
 * does (writeClientsStructs, writeDeleteSet): per client, the count of structs, the client,
 * the first clock, then each struct's own `write`; then the delete set, highest client first.
 */
export function updateWithDeletions(update: Uint8Array, deletions: ItemRanges): Uint8Array {
  const { structs } = Y.decodeUpdate(update)
  const byClient = new Map<number, (Y.Item | Y.AbstractStruct)[]>()
  for (const struct of structs) {
    // A Skip marks a gap a partial update may hold; an update of a whole document holds none.
    if (struct.constructor.name === 'Skip') throw new Error('an update with gaps cannot be rewritten')
    const list = byClient.get(struct.id.client)
    if (list) list.push(struct)
    else byClient.set(struct.id.client, [struct])
  }
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, list] of [...byClient].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(encoder.restEncoder, list.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, list[0].id.clock)
    for (const struct of list) (struct as unknown as Writable).write(encoder, 0)
  }
  const clients = [...deletions].filter(([, ranges]) => ranges.length > 0).sort((a, b) => b[0] - a[0])
  encoding.writeVarUint(encoder.restEncoder, clients.length)
  for (const [client, ranges] of clients) {
    encoder.resetDsCurVal()
    encoding.writeVarUint(encoder.restEncoder, client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock)
      encoder.writeDsLen(len)
    }
  }
  return encoder.toUint8Array()
}

/** The delete set of an update (v1) as item ranges. */
export function deletionsOf(update: Uint8Array): ItemRanges {
  const { ds } = Y.decodeUpdate(update)
  const ranges: ItemRanges = new Map()
  for (const [client, items] of ds.clients) ranges.set(client, items.map((d) => [d.clock, d.len] as [number, number]))
  return ranges
}
