import { HocuspocusProvider } from '@hocuspocus/provider'
import { computed, markRaw, onScopeDispose, shallowRef, watch } from 'vue'
import * as Y from 'yjs'
import { browserOnline, sharedCollabSocket } from './useCollabSocket.ts'
import { deviceCopyName } from './deviceCopyName.ts'
import { useDeviceCopy } from './useDeviceCopy.ts'
import { keepOnDevice } from './useKeepOnDevice.ts'
import type { SaveFacts } from './useSaveState.ts'
import { useSession } from './useSession.ts'
import { countUnsyncedTruly } from '../../shared/internals/countUnsyncedTruly.ts'

/** What the server granted on the document: `null` until it has answered. */
export type CollabScope = 'read-write' | 'read-only' | null

/**
 * Opens page `pageId` as a live Yjs document over the tab's shared websocket. The Y.Doc and
 * provider are kept out of Vue's deep reactivity; what the UI needs (connection, sync,
 * unsynced changes, granted scope) is mirrored into shallow refs. Closes when the calling
 * component's scope ends.
 *
 * A signed-in user (never an anonymous reader) also keeps the document on this device
 * (useDeviceCopy), unless they turned "Keep pages on this device" off: the stored copy shows
 * at once, and edits made offline survive closing the tab and sync when the network returns.
 */
export function useCollabDocument(pageId: string) {
  const session = useSession()
  // gc: false like the server, so deleted text keeps its history until the server has it.
  const doc = markRaw(new Y.Doc({ gc: false }))
  const socket = sharedCollabSocket(session.user.value?.id ?? 'anonymous')
  const provider = markRaw(countUnsyncedTruly(new HocuspocusProvider({
    name: pageId,
    document: doc,
    websocketProvider: socket,
    // The cookie authenticates; the provider only sends an auth message when it has a token.
    token: () => session.token.value ?? 'cookie',
  })))

  const userId = session.user.value?.id ?? null
  const device = userId && keepOnDevice.value ? useDeviceCopy(doc, provider, deviceCopyName(userId, pageId)) : null

  const connection = shallowRef<string>(socket.status)
  const synced = shallowRef(false)
  const everSynced = shallowRef(false)
  const unsynced = shallowRef(0)
  const scope = shallowRef<CollabScope>(null)
  const denied = shallowRef<string | null>(null)

  provider.on('status', ({ status }: { status: string }) => {
    connection.value = status
    synced.value = provider.isSynced
  })
  // User Timing, for the benchmark (docs/BENCHMARKS.md): from opening the page's document to its first sync.
  const opened = performance.now()
  provider.on('synced', () => {
    synced.value = true
    if (!everSynced.value) performance.measure('palimpsest:server-synced', { start: opened })
    everSynced.value = true
  })
  provider.on('disconnect', () => {
    synced.value = false
  })
  provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    unsynced.value = number
  })
  provider.on('authenticated', ({ scope: granted }: { scope: string }) => {
    // Hocuspocus 4 says 'readonly'; accept the spelled-out form too.
    scope.value = granted === 'read-write' ? 'read-write' : 'read-only'
    denied.value = null
  })
  // The server says so when a membership change makes this connection read-only or writable.
  provider.on('stateless', ({ payload }: { payload: string }) => {
    const message = parseStateless(payload)
    if (message?.type === 'access' && typeof message.readOnly === 'boolean') scope.value = message.readOnly ? 'read-only' : 'read-write'
  })
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    denied.value = reason || 'permission-denied'
  })
  // The server closed this document alone while the socket stays open: the user's access
  // changed. Stop editing at once, then ask again; the new answer (read-only, read-write or
  // refused) arrives as 'authenticated' or 'authenticationFailed'.
  let reopen: ReturnType<typeof setTimeout> | undefined
  let reopenAttempts = 0
  provider.on('close', () => {
    synced.value = false
    if (socket.status !== 'connected') return
    scope.value = 'read-only'
    clearTimeout(reopen)
    reopenAttempts += 1
    reopen = setTimeout(() => {
      provider.detach()
      provider.attach()
    }, Math.min(30_000, 250 * 2 ** Math.min(reopenAttempts, 7)))
  })
  provider.on('synced', () => { reopenAttempts = 0 })

  // Edits typed here that the server has not acknowledged yet (in this tab's memory).
  const typedUnsent = shallowRef(false)
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider && origin !== device?.origin) typedUnsent.value = true
  })
  // Everything sent is acknowledged on a writable connection: nothing is unsent, here or on the
  // device. (A refused update is never acknowledged, so a lost right keeps both.)
  watch([synced, unsynced, scope, typedUnsent, () => device?.pending.value], () => {
    if (!synced.value || unsynced.value !== 0 || scope.value !== 'read-write' || denied.value !== null) return
    typedUnsent.value = false
    device?.settle()
  })
  /**
   * The server refuses this person's edits (access removed, page deleted, now a viewer) while
   * some of theirs never reached it: they must be told, and offered their text.
   */
  const refused = computed(() => (denied.value !== null || scope.value === 'read-only') && (typedUnsent.value || (device?.pending.value ?? false)))
  provider.attach()

  onScopeDispose(() => {
    clearTimeout(reopen)
    provider.destroy()
    doc.destroy()
  })

  /** The facts the save state is derived from; `canEdit` is what the page API said. */
  function saveFacts(canEdit: () => boolean) {
    return computed<SaveFacts>(() => ({
      connection: connection.value,
      online: browserOnline.value,
      synced: synced.value,
      everSynced: everSynced.value,
      unsynced: unsynced.value,
      deviceLoaded: device?.loaded.value ?? false,
      onDevice: device?.holdsEdits.value ?? false,
      // The server's answer on this connection wins; until it comes, what the page API said.
      readOnly: denied.value !== null || (scope.value === null ? !canEdit() : scope.value === 'read-only'),
    }))
  }

  return { doc, provider, device, connection, synced, everSynced, unsynced, scope, denied, refused, saveFacts }
}

function parseStateless(payload: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(payload)
    return value && typeof value === 'object' ? value as Record<string, unknown> : null
  } catch {
    return null
  }
}
