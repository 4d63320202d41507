/** Every IndexedDB database holding a device copy of a page starts with this. */
export const DEVICE_COPY_PREFIX = 'palimpsest-page:'

/** The prefix of one user's device copies: their id, so another account never opens them. */
export function deviceCopyPrefix(userId: string): string {
  return `${DEVICE_COPY_PREFIX}${userId}:`
}

/** The IndexedDB database that keeps page `pageId` on this device for user `userId`. */
export function deviceCopyName(userId: string, pageId: string): string {
  return `${deviceCopyPrefix(userId)}${pageId}`
}
