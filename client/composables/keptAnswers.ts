import { API_CACHE, OWNER_CACHE, OWNER_KEY } from '../offlineCache.ts'

/**
 * Says whose API answers the service worker may keep: `userId` when that person keeps pages on
 * this device, else nobody. A different owner than before (another account signed in on this
 * browser) deletes what the previous one kept, before anything of the new one is kept.
 */
export async function keepAnswersFor(userId: string | null): Promise<void> {
  if (typeof caches === 'undefined') return
  if (!userId) return forgetKeptAnswers()
  const owners = await caches.open(OWNER_CACHE)
  const owner = await (await owners.match(OWNER_KEY))?.text()
  if (owner === userId) return
  // Stop keeping first, then empty, then name the new owner.
  await forgetKeptAnswers()
  await (await caches.open(OWNER_CACHE)).put(OWNER_KEY, new Response(userId))
}

/** Deletes every API answer the service worker kept, and who they belonged to (sign-out, the setting turned off). */
export async function forgetKeptAnswers(): Promise<void> {
  if (typeof caches === 'undefined') return
  await caches.delete(OWNER_CACHE)
  await caches.delete(API_CACHE)
}
