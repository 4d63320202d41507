import { deviceCopyPrefix } from './deviceCopyName.ts'

/**
 * Deletes every page `userId` keeps on this device (sign-out, or "Keep pages on this device"
 * turned off). Open copies, in this tab or another, close themselves when asked to (the
 * database's `versionchange`), so the deletion is not held up by them.
 */
export async function forgetDeviceCopies(userId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return
  const prefix = deviceCopyPrefix(userId)
  const names = (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.startsWith(prefix))
  await Promise.all(names.map(deleteDatabase))
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`))
  })
}
