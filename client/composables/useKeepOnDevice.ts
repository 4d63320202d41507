import { shallowRef } from 'vue'
import { forgetDeviceCopies } from './forgetDeviceCopies.ts'
import { forgetKeptAnswers } from './keptAnswers.ts'

const KEEP_KEY = 'palimpsest.keepPagesOnDevice'

function storedKeep(): boolean {
  try {
    return localStorage.getItem(KEEP_KEY) !== 'off'
  } catch {
    return true
  }
}

/** "Keep pages on this device": one setting per browser, on unless turned off. */
export const keepOnDevice = shallowRef(typeof localStorage === 'undefined' ? true : storedKeep())

// Another tab changed the setting: pages open here stop (or start) keeping a copy too.
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  window.addEventListener('storage', (event) => {
    if (event.key === KEEP_KEY) keepOnDevice.value = storedKeep()
  })
}

/**
 * The setting and the action that changes it: turning it off deletes what `userId` keeps on
 * this device, at once.
 */
export function useKeepOnDevice() {
  async function setKeep(keep: boolean, userId: string | null): Promise<void> {
    localStorage.setItem(KEEP_KEY, keep ? 'on' : 'off')
    keepOnDevice.value = keep
    if (!keep) await Promise.all([forgetKeptAnswers(), userId ? forgetDeviceCopies(userId) : null])
  }
  return { keep: keepOnDevice, setKeep }
}
