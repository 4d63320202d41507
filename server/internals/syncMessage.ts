import { MessageType } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import * as Y from 'yjs'

/** A Yjs update carried by a Hocuspocus message, decoded once and shared by the hooks that need it. */
export interface CarriedUpdate {
  update: Uint8Array
  /** Yjs client ids that wrote structs in the update. */
  clientIds: Set<number>
  /** Whether the update holds nothing: no structs and no deletions. */
  empty: boolean
  /** Per client: the highest clock the update writes (for "already in the document" checks). */
  ends: Map<number, number>
  deletes: boolean
  /** Per client: the ranges of its items the update deletes. */
  deleteSet: Map<number, { clock: number; len: number }[]>
  /** The decoded structs (items, garbage, skips), for checks that look inside the update. */
  structs: (Y.Item | Y.GC | Y.Skip)[]
  /**
   * Text the update re-inserts from items it deletes (encoded CarriedSegments), found by the
   * history's CarriedTextExtension before the update is logged; stored with its log row.
   */
  carriedText?: Uint8Array
}

/** Thrown for a message that is not a valid Hocuspocus/Yjs message. */
export class MalformedMessageError extends Error {}

const cache = new WeakMap<Uint8Array, CarriedUpdate | null>()

/**
 * Reads the Yjs update a raw Hocuspocus message carries (sync step 2 or update), or null for
 * messages that carry none (awareness, sync step 1, auth, …). Throws MalformedMessageError
 * when the bytes do not decode, so nothing malformed reaches the log or the document.
 */
export function readCarriedUpdate(raw: Uint8Array): CarriedUpdate | null {
  const cached = cache.get(raw)
  if (cached !== undefined) return cached
  let result: CarriedUpdate | null = null
  try {
    const decoder = decoding.createDecoder(raw)
    decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.Sync || type === MessageType.SyncReply) {
      const step = decoding.readVarUint(decoder)
      if (step === messageYjsSyncStep2 || step === messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder)
        result = describeUpdate(update)
      } else if (step !== messageYjsSyncStep1) {
        throw new MalformedMessageError(`unknown sync step ${step}`)
      }
    }
  } catch (error) {
    throw error instanceof MalformedMessageError ? error : new MalformedMessageError(String((error as Error)?.message ?? error))
  }
  cache.set(raw, result)
  return result
}

/**
 * Whether a raw message is a sync step 2: a client's answer to "what do you have that I
 * lack" when it (re)connects, which may hold edits of others that it received earlier.
 */
export function carriesStateSync(raw: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(raw)
    decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    return (type === MessageType.Sync || type === MessageType.SyncReply) && decoding.readVarUint(decoder) === messageYjsSyncStep2
  } catch {
    return false
  }
}

/** Decodes a Yjs update fully (throws on malformed bytes) and summarizes what it writes. */
export function describeUpdate(update: Uint8Array): CarriedUpdate {
  const decoded = Y.decodeUpdate(update)
  const clientIds = new Set<number>()
  const ends = new Map<number, number>()
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    clientIds.add(client)
    ends.set(client, Math.max(ends.get(client) ?? 0, clock + struct.length))
  }
  const deletes = decoded.ds.clients.size > 0
  return { update, clientIds, ends, deletes, deleteSet: decoded.ds.clients, structs: decoded.structs, empty: clientIds.size === 0 && !deletes }
}

/** Whether every item in [clock, clock + len) of `client` is in the document and deleted there. */
function isDeletedIn(doc: Y.Doc, client: number, clock: number, len: number): boolean {
  const end = clock + len
  if (Y.getState(doc.store, client) < end) return false
  const structs = doc.store.clients.get(client)!
  for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
    if (!structs[i].deleted) return false
  }
  return true
}

/**
 * Whether the update brings nothing new: every struct is already in the document (integrated or
 * held aside) and everything it deletes is already deleted there. (A client's sync step 2 always
 * repeats the page's whole delete set: opening a page with a long history must not log it again.)
 */
export function isContainedIn(carried: CarriedUpdate, doc: Y.Doc): boolean {
  if (newClocksOf(carried, carried.ends.keys(), doc).length > 0) return false
  for (const [client, ranges] of carried.deleteSet) {
    for (const { clock, len } of ranges) if (!isDeletedIn(doc, client, clock, len)) return false
  }
  return true
}

type ClockRange = readonly [from: number, to: number]

/**
 * Per client, the clock ranges of the structs `doc` holds aside: received (and so logged) but
 * not yet integrated, because a struct they follow has not arrived. Yjs keeps them in
 * `store.pendingStructs.update` (a v2 update) and hands them out in every sync like the
 * integrated ones, so clients repeat them back.
 */
function pendingRanges(doc: Y.Doc): Map<number, ClockRange[]> {
  const ranges = new Map<number, ClockRange[]>()
  const pending = doc.store.pendingStructs
  if (!pending) return ranges
  for (const struct of Y.decodeUpdateV2(pending.update).structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const list = ranges.get(client) ?? []
    list.push([clock, clock + struct.length])
    ranges.set(client, list)
  }
  for (const list of ranges.values()) list.sort((a, b) => a[0] - b[0])
  return ranges
}

/** Whether [from, to) lies within the union of `sorted` ranges. */
function isCovered(from: number, to: number, sorted: ClockRange[]): boolean {
  let reached = from
  for (const [start, end] of sorted) {
    if (start > reached) break
    reached = Math.max(reached, end)
    if (reached >= to) return true
  }
  return reached >= to
}

/**
 * The client ids among `clientIds` under which `carried` writes a clock that `doc` holds
 * neither integrated nor held aside: what nobody ever sent this document before.
 */
export function newClocksOf(carried: CarriedUpdate, clientIds: Iterable<number>, doc: Y.Doc): number[] {
  const ahead = [...clientIds].filter((id) => Y.getState(doc.store, id) < (carried.ends.get(id) ?? 0))
  if (ahead.length === 0) return []
  const wanted = new Set(ahead)
  const found = new Set<number>()
  let pending: Map<number, ClockRange[]> | undefined
  for (const struct of carried.structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    if (!wanted.has(client) || found.has(client)) continue
    const integrated = Y.getState(doc.store, client)
    const end = clock + struct.length
    if (end <= integrated) continue
    pending ??= pendingRanges(doc)
    if (!isCovered(Math.max(clock, integrated), end, pending.get(client) ?? [])) found.add(client)
  }
  return ahead.filter((id) => found.has(id))
}
