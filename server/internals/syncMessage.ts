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
 * Whether the update brings nothing new: every struct is already in the document and
 * everything it deletes is already deleted there. (A client's sync step 2 always repeats the
 * page's whole delete set: opening a page with a long history must not log it again.)
 */
export function isContainedIn(carried: CarriedUpdate, doc: Y.Doc): boolean {
  for (const [client, end] of carried.ends) if (Y.getState(doc.store, client) < end) return false
  for (const [client, ranges] of carried.deleteSet) {
    for (const { clock, len } of ranges) if (!isDeletedIn(doc, client, clock, len)) return false
  }
  return true
}
