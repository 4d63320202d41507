import { MessageType, type HocuspocusProvider } from '@hocuspocus/provider'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'

// Hocuspocus also sends a step 2 as its "sync reply" type: MessageType.SyncReply of
// @hocuspocus/server, which the provider's MessageType does not declare (see the README here).
const MESSAGE_SYNC_REPLY = 4

/** The provider fields this patch reads and replaces (private in its types; see the README here). */
interface ProviderInternals {
  unsyncedChanges: number
  pendingUpdates?: unknown[]
  effectiveName: string
  configuration: { websocketProvider: { messageQueue?: unknown[] } }
  emit(event: 'unsyncedChanges', payload: { number: number }): void
  resetUnsyncedChanges(): void
}

function isAcknowledgedFor(message: unknown, documentName: string): boolean {
  if (!(message instanceof Uint8Array)) return false
  try {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarString(decoder) !== documentName) return false
    const type = decoding.readVarUint(decoder)
    if (type !== MessageType.Sync && type !== MESSAGE_SYNC_REPLY) return false
    const step = decoding.readVarUint(decoder)
    return step === messageYjsSyncStep2 || step === messageYjsUpdate
  } catch {
    return false
  }
}

/**
 * Makes a provider's count of unacknowledged changes — the "Saved" the user trusts — exact
 * across reconnects. When it (re)connects, a stock provider sets the count to 1 (for its
 * coming sync step 2), forgetting the updates it queued while offline; they are sent on the
 * new connection and acknowledged too, so the count reaches 0 while later ones are still
 * being stored. Here the reset counts those queued updates as well: each will be
 * acknowledged on this connection, only once it is durable.
 */
export function countUnsyncedTruly<P extends HocuspocusProvider>(provider: P): P {
  const internals = provider as unknown as ProviderInternals
  internals.resetUnsyncedChanges = () => {
    const queue = internals.configuration.websocketProvider.messageQueue ?? []
    const queued = queue.filter((message) => isAcknowledgedFor(message, internals.effectiveName)).length
    const batched = (internals.pendingUpdates?.length ?? 0) > 0 ? 1 : 0
    internals.unsyncedChanges = 1 + queued + batched
    internals.emit('unsyncedChanges', { number: internals.unsyncedChanges })
  }
  return provider
}
