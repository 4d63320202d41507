import { shallowRef } from 'vue'
import { toApiError } from './useApi.ts'

/**
 * A user's action on the server (delete, move, join…): `busy` while it runs, `error` with the
 * server's sentence when it fails (shown in place, never thrown). `run` resolves to whether it
 * succeeded; a second click while busy does nothing.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const busy = shallowRef(false)
  const error = shallowRef<string | null>(null)
  async function run(...args: A): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    try {
      await action(...args)
      return true
    } catch (cause) {
      error.value = toApiError(cause).message
      return false
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}
