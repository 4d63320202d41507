import type { beforeHandleAwarenessPayload, beforeHandleMessagePayload, Connection, Extension } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { colorFor, readerColorFor } from '../../shared/presenceColor.ts'
import type { Actor } from '../core/Actor.ts'
import type { Services } from '../core/Services.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

// Hocuspocus's message type for an awareness update.
const MESSAGE_AWARENESS = 1

/** The label an anonymous reader is shown with. */
export const READER_NAME = 'Reader'

/**
 * The client ids an awareness message sets a state for (null states — removals — left out),
 * or null for a message of another type. Throws on bytes that do not decode.
 */
function awarenessClientIds(raw: Uint8Array): Set<number> | null {
  const decoder = decoding.createDecoder(raw)
  decoding.readVarString(decoder)
  if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const ids = new Set<number>()
  for (let n = decoding.readVarUint(update); n > 0; n--) {
    const clientId = decoding.readVarUint(update)
    decoding.readVarUint(update)
    if (decoding.readVarString(update) !== 'null') ids.add(clientId)
  }
  return ids
}

/** The `user` field of a presence state, as the server vouches for it. */
function presenceUser(actor: Actor, clientId: number): { name: string; color: string; id?: string } {
  if (!actor.userId) return { name: READER_NAME, color: readerColorFor(clientId) }
  return { id: actor.userId, name: actor.username ?? '', color: colorFor(actor.userId) }
}

/**
 * Presence (Yjs awareness) is stamped by the server. A connection speaks for one awareness
 * client id: the first one it sets a state for, unless another connection's state holds it
 * (another tab of the same user may take it over). States it sends for any other client id
 * are dropped. In the states it keeps, `user` (name, id, colour) is replaced with the
 * authenticated user's — "Reader" and no id for an anonymous reader — and a colour computed
 * from the user id. An awareness message over MAX_AWARENESS_BYTES closes the connection
 * (`message-too-large`). Updates from other instances were stamped where they came from.
 *
 * Hocuspocus decodes each awareness message into a scratch Awareness, hands its states to
 * `beforeHandleAwareness` to be rewritten in place, and re-encodes them. That scratch has a
 * local state of its own (`{}` under a random client id), which would go out to every client
 * as a phantom peer: only the client ids the raw message itself carries are kept.
 */
export class PresenceExtension implements Extension {
  extensionName = 'Presence'
  // After MessageGuard (malformed frames never get here), before Attribution.
  priority = 250
  private readonly services: Services
  /** The awareness client id each connection speaks for, once it has claimed one. */
  private readonly claimed = new WeakMap<Connection, number>()
  /** Per connection, the client ids of the awareness message being handled (messages are handled one at a time). */
  private readonly carried = new WeakMap<Connection, Set<number>>()

  constructor(services: Services) {
    this.services = services
  }

  async beforeHandleMessage({ update: raw, connection }: beforeHandleMessagePayload): Promise<void> {
    let ids: Set<number> | null
    try {
      ids = awarenessClientIds(raw)
    } catch (error) {
      throw closeWith(CloseCodes.malformedMessage, `awareness: ${(error as Error).message}`)
    }
    if (!ids) return
    const limit = this.services.config.maxAwarenessBytes
    if (raw.byteLength > limit) throw closeWith(CloseCodes.messageTooLarge, `awareness of ${raw.byteLength} bytes (at most ${limit})`)
    this.carried.set(connection, ids)
  }

  async beforeHandleAwareness({ connection, context, states, document, documentName }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!connection || !context) return
    const { actor } = context
    const carried = this.carried.get(connection) ?? new Set<number>()
    this.carried.delete(connection)
    const dropped: number[] = []
    for (const [clientId, state] of states) {
      if (!carried.has(clientId)) {
        states.delete(clientId)
        continue
      }
      let own = this.claimed.get(connection)
      if (own === undefined && this.mayClaim(clientId, actor, document.awareness.getStates(), document.getClients(connection))) {
        own = clientId
        this.claimed.set(connection, clientId)
      }
      if (clientId !== own || typeof state !== 'object' || state === null || Array.isArray(state)) {
        states.delete(clientId)
        dropped.push(clientId)
        continue
      }
      state.user = presenceUser(actor, clientId)
    }
    if (dropped.length > 0) {
      this.services.logger.warn({ page: documentName, user: actor.userId, clientIds: dropped }, 'dropped awareness states for client ids the connection does not hold')
    }
  }

  /** Whether a connection that holds no client id yet may take this one. */
  private mayClaim(clientId: number, actor: Actor, current: Map<number, Record<string, unknown>>, ownClients: Set<number>): boolean {
    const state = current.get(clientId)
    if (state === undefined || ownClients.has(clientId)) return true
    // Held by another connection: only another tab of the same signed-in user may take it over.
    const holder = (state.user as { id?: unknown } | undefined)?.id
    return actor.userId !== null && holder === actor.userId
  }
}
