import { computed, type Ref } from 'vue'

/** What the page tells its writer about their changes. */
export type SaveState = 'connecting' | 'saving' | 'saved' | 'device' | 'held' | 'offline' | 'reading'

/** The facts a save state is derived from, all read from the provider and the browser. */
export interface SaveFacts {
  /** The websocket's status: 'connecting' | 'connected' | 'disconnected'. */
  connection: string
  /** navigator.onLine, kept current by the online/offline events. */
  online: boolean
  /** The provider has finished its first sync on the current connection. */
  synced: boolean
  /** `provider.unsyncedChanges`: updates sent but not yet acknowledged by the server. */
  unsynced: number
  /** The user may only read (scope 'readonly', no edit right, or authentication failed). */
  readOnly: boolean
  /** A sync has completed at least once since the page opened. */
  everSynced: boolean
  /** The page's device copy (IndexedDB) has been applied: the text shown is the device's. */
  deviceLoaded: boolean
  /** The device copy holds every edit the server has not acknowledged. */
  onDevice: boolean
}

/**
 * Derives the save state. Without a connection, a writer's unacknowledged edits are either
 * on the device ("will sync") or only in this tab; before the first sync (and without a device
 * copy) the document is still connecting; afterwards pending acknowledgements mean saving.
 * A reader has nothing to save, so they see the live state instead.
 */
export function deriveSaveState(facts: SaveFacts): SaveState {
  const connected = facts.online && facts.connection === 'connected'
  const writer = !facts.readOnly
  if (!connected) {
    if (writer && facts.onDevice) return 'device'
    if (writer && facts.everSynced && facts.unsynced > 0) return 'held'
    return facts.everSynced || facts.deviceLoaded ? 'offline' : 'connecting'
  }
  // Reconnected and re-syncing: a writer's kept changes are on their way to the server.
  if (!facts.synced) return (facts.everSynced || facts.onDevice) && writer ? 'saving' : 'connecting'
  if (facts.readOnly) return 'reading'
  return facts.unsynced > 0 || facts.onDevice ? 'saving' : 'saved'
}

/** The words shown for each state. */
export const SAVE_STATE_LABELS: Record<SaveState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'Saved',
  device: 'Saved on this device — will sync',
  held: 'Offline — your changes are kept in this tab and will sync',
  offline: 'Offline',
  reading: 'Up to date',
}

/**
 * Whether leaving now would lose work: the writer has changes the server has not
 * acknowledged and that are not kept on this device either. A reader's unacknowledged count
 * (the sync handshake) never counts.
 */
export function hasUnsavedWork(facts: Pick<SaveFacts, 'unsynced' | 'readOnly' | 'everSynced' | 'onDevice'>): boolean {
  return !facts.readOnly && facts.everSynced && facts.unsynced > 0 && !facts.onDevice
}

/** The reactive save state and its label for a document's facts. */
export function useSaveState(facts: Ref<SaveFacts>) {
  const state = computed(() => deriveSaveState(facts.value))
  return {
    state,
    label: computed(() => SAVE_STATE_LABELS[state.value]),
    unsaved: computed(() => hasUnsavedWork(facts.value)),
  }
}
