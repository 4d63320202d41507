import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import { keepOnDevice } from './useKeepOnDevice.ts'

/** The key, in the copy's own `custom` store, of "holds edits the server has not acknowledged". */
const PENDING_KEY = 'pending'

/**
 * Keeps `doc` in the IndexedDB database `name` (y-indexeddb): what is stored is applied to the
 * document at once, and every change to it — typed here or received — is written as it
 * happens, so edits survive closing the tab while offline. A flag beside the updates says
 * whether the copy holds edits the server has not acknowledged; it is written in a transaction
 * that also spans the updates, so once it commits the edits before it have committed too.
 * `remoteOrigin` is the transaction origin of the server's updates (the provider): they are
 * stored but are not the writer's edits. Stops when "Keep pages on this device" is turned off
 * or the database is deleted (sign-out in any tab).
 */
export function useDeviceCopy(doc: Y.Doc, remoteOrigin: unknown, name: string) {
  const active = shallowRef(true)
  /** The stored state has been applied to the document. */
  const loaded = shallowRef(false)
  /** The copy holds edits the server has not acknowledged (as last committed). */
  const pending = shallowRef(false)
  /** Flag writes issued and not yet committed. */
  const writing = shallowRef(0)
  const persistence = new IndexeddbPersistence(name, doc)

  function stop() {
    if (!active.value) return
    active.value = false
    doc.off('update', onUpdate)
    void persistence.destroy()
  }

  // Deleting the database (sign-out, the setting) asks open connections to close: stop writing first.
  void persistence._db.then((db) => {
    const close = db.onversionchange
    db.onversionchange = (event) => {
      stop()
      close?.call(db, event)
    }
  }, () => stop())

  // User Timing, for the benchmark (docs/BENCHMARKS.md): from opening the copy to its text applied.
  const opened = performance.now()
  void persistence.whenSynced.then(async () => {
    const stored: unknown = await persistence.get(PENDING_KEY).catch(() => undefined)
    if (stored === true && writing.value === 0) pending.value = true
    loaded.value = true
    performance.measure('palimpsest:device-copy-applied', { start: opened })
  })

  function writeFlag(value: boolean) {
    writing.value += 1
    persistence._db
      .then((db) => new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(['updates', 'custom'], 'readwrite')
        transaction.objectStore('custom').put(value, PENDING_KEY)
        transaction.oncomplete = () => resolve()
        transaction.onerror = () => reject(transaction.error ?? new Error('device copy write failed'))
        transaction.onabort = () => reject(transaction.error ?? new Error('device copy write aborted'))
      }))
      .then(() => { if (active.value) pending.value = value }, () => stop())
      .finally(() => { writing.value -= 1 })
  }

  // Registered after y-indexeddb's own listener, so the flag's transaction follows the update's.
  function onUpdate(_update: Uint8Array, origin: unknown) {
    if (origin === persistence || origin === remoteOrigin || !active.value) return
    writeFlag(true)
  }
  doc.on('update', onUpdate)

  watch(keepOnDevice, (keep) => { if (!keep) stop() })
  onScopeDispose(stop)

  return {
    /** The transaction origin of what the copy applies to the document: stored, not new. */
    origin: persistence as unknown,
    active,
    loaded,
    pending,
    /** The writer's unacknowledged edits are all committed to this device. */
    holdsEdits: computed(() => active.value && pending.value && writing.value === 0),
    /** The server has acknowledged everything: the copy holds no unsent edits any more. */
    settle() {
      if (active.value && pending.value) writeFlag(false)
    },
  }
}

/** What a page's device copy tells the rest of the page. */
export type DeviceCopy = ReturnType<typeof useDeviceCopy>
