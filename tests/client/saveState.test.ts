import { describe, expect, it } from 'vitest'
import { deriveSaveState, hasUnsavedWork, SAVE_STATE_LABELS, type SaveFacts } from '../../client/composables/useSaveState.ts'

const synced: SaveFacts = { connection: 'connected', online: true, synced: true, everSynced: true, unsynced: 0, readOnly: false }

describe('the save state a writer sees', () => {
  it('is "Connecting…" until the first sync, whatever the socket says', () => {
    const fresh = { ...synced, synced: false, everSynced: false, unsynced: 1 }
    expect(deriveSaveState({ ...fresh, connection: 'connecting' })).toBe('connecting')
    expect(deriveSaveState({ ...fresh, connection: 'connected' })).toBe('connecting')
    expect(deriveSaveState({ ...fresh, connection: 'disconnected' })).toBe('connecting')
  })

  it('is "Saved" when synced with nothing unacknowledged, and "Saving…" while updates await the server', () => {
    expect(deriveSaveState(synced)).toBe('saved')
    expect(deriveSaveState({ ...synced, unsynced: 3 })).toBe('saving')
  })

  it('is "Offline" after a sync once the socket drops or the browser loses its network', () => {
    expect(deriveSaveState({ ...synced, connection: 'disconnected', synced: false, unsynced: 2 })).toBe('offline')
    expect(deriveSaveState({ ...synced, connection: 'connecting', synced: false })).toBe('offline')
    expect(deriveSaveState({ ...synced, online: false })).toBe('offline')
    expect(SAVE_STATE_LABELS.offline).toBe('Offline — your changes are kept and will sync')
  })

  it('is "Saving…" while a writer re-syncs after reconnecting, and "Saved" once acknowledged', () => {
    expect(deriveSaveState({ ...synced, synced: false, unsynced: 1 })).toBe('saving')
    expect(deriveSaveState({ ...synced, synced: true, unsynced: 0 })).toBe('saved')
  })

  it('shows a reader the live state instead of a save state, even with the handshake unacknowledged', () => {
    expect(deriveSaveState({ ...synced, readOnly: true, unsynced: 1 })).toBe('reading')
    expect(deriveSaveState({ ...synced, readOnly: true, synced: false })).toBe('connecting')
    expect(deriveSaveState({ ...synced, readOnly: true, online: false })).toBe('offline')
  })
})

describe('whether leaving would lose work', () => {
  it('is true only for a writer with unacknowledged changes after the page loaded', () => {
    expect(hasUnsavedWork({ unsynced: 2, readOnly: false, everSynced: true })).toBe(true)
    expect(hasUnsavedWork({ unsynced: 0, readOnly: false, everSynced: true })).toBe(false)
    expect(hasUnsavedWork({ unsynced: 1, readOnly: true, everSynced: true })).toBe(false)
    expect(hasUnsavedWork({ unsynced: 1, readOnly: false, everSynced: false })).toBe(false)
  })
})
