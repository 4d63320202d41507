import { describe, expect, it } from 'vitest'
import { deriveSaveState, hasUnsavedWork, SAVE_STATE_LABELS, type SaveFacts } from '../../client/composables/useSaveState.ts'

const synced: SaveFacts = { connection: 'connected', online: true, synced: true, everSynced: true, unsynced: 0, readOnly: false, deviceLoaded: false, onDevice: false }

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
    expect(deriveSaveState({ ...synced, connection: 'disconnected', synced: false })).toBe('offline')
    expect(deriveSaveState({ ...synced, connection: 'connecting', synced: false })).toBe('offline')
    expect(deriveSaveState({ ...synced, online: false })).toBe('offline')
    expect(SAVE_STATE_LABELS.offline).toBe('Offline')
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

describe('the save state of edits made offline', () => {
  const offline = { ...synced, online: false, synced: false, unsynced: 2 }

  it('is "Saved on this device — will sync" once the device copy holds them, else kept in this tab only', () => {
    expect(deriveSaveState({ ...offline, deviceLoaded: true, onDevice: true })).toBe('device')
    expect(SAVE_STATE_LABELS.device).toBe('Saved on this device — will sync')
    expect(deriveSaveState({ ...offline, deviceLoaded: true, onDevice: false })).toBe('held')
    expect(deriveSaveState(offline)).toBe('held')
    expect(SAVE_STATE_LABELS.held).toMatch(/in this tab/u)
  })

  it('shows a page reopened without a network from its device copy: "Offline", or "on this device" with unsent edits', () => {
    const reopened = { ...offline, everSynced: false, unsynced: 0, connection: 'connecting', deviceLoaded: true }
    expect(deriveSaveState(reopened)).toBe('offline')
    expect(deriveSaveState({ ...reopened, onDevice: true })).toBe('device')
    expect(deriveSaveState({ ...reopened, deviceLoaded: false })).toBe('connecting')
  })

  it('is "Saving…" after reconnecting until the server acknowledges the device’s edits', () => {
    const reconnected = { ...synced, everSynced: false, onDevice: true, deviceLoaded: true }
    expect(deriveSaveState({ ...reconnected, synced: false })).toBe('saving')
    expect(deriveSaveState({ ...reconnected, unsynced: 0 })).toBe('saving')
    expect(deriveSaveState({ ...reconnected, onDevice: false })).toBe('saved')
  })
})

describe('whether leaving would lose work', () => {
  it('is false when the edits are on the device', () => {
    expect(hasUnsavedWork({ unsynced: 2, readOnly: false, everSynced: true, onDevice: true })).toBe(false)
  })

  it('is true only for a writer with unacknowledged changes after the page loaded', () => {
    const facts = { onDevice: false }
    expect(hasUnsavedWork({ ...facts, unsynced: 2, readOnly: false, everSynced: true })).toBe(true)
    expect(hasUnsavedWork({ ...facts, unsynced: 0, readOnly: false, everSynced: true })).toBe(false)
    expect(hasUnsavedWork({ ...facts, unsynced: 1, readOnly: true, everSynced: true })).toBe(false)
    expect(hasUnsavedWork({ ...facts, unsynced: 1, readOnly: false, everSynced: false })).toBe(false)
  })
})
