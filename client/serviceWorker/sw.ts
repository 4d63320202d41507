// The service worker: the app shell and the pages a signed-in person visited open without a
// network. Built by vite-plugin-pwa (injectManifest) into /sw.js; registered by the app after load.
import { clientsClaim, type WorkboxPlugin } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { NetworkFirst } from 'workbox-strategies'
import { API_CACHE, isKeptApi, OWNER_CACHE, OWNER_KEY } from '../offlineCache.ts'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] }

// A new build takes over at once: its shell is complete in its own precache, and the old
// precache is deleted, so nobody is left on a shell whose files the server no longer has.
void self.skipWaiting()
clientsClaim()
cleanupOutdatedCaches()

// The built files (hashed, so a new build brings new names) and index.html.
precacheAndRoute(self.__WB_MANIFEST)

// Every page of the app is the same index.html; the API, the websocket, metrics and files are not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), {
  denylist: [/^\/api\//u, /^\/collab/u, /^\/metrics/u, /^\/sw\.js$/u],
}))

/** Whether the app has said whose answers may be kept (a signed-in person who keeps pages on this device). */
async function keeping(): Promise<boolean> {
  // Looked up without opening the cache: `caches.open` would make it again right after a
  // sign-out deleted it.
  return Boolean(await caches.match(OWNER_KEY, { cacheName: OWNER_CACHE }))
}

/**
 * Keeps and serves answers only while the app says whose they are: signing out, turning off
 * "Keep pages on this device" or another account signing in deletes the cache and the owner.
 */
const onlyForOwner: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => (response.status === 200 && (await keeping()) ? response : null),
  cachedResponseWillBeUsed: async ({ cachedResponse }) => (cachedResponse && (await keeping()) ? cachedResponse : null),
}

// The answers a visited page needs: from the network when it answers, else the last one kept.
registerRoute(
  ({ url, request, sameOrigin }) => sameOrigin && request.method === 'GET' && isKeptApi(url.pathname),
  // One answer per address visited, all deleted together; no expiry records are kept, as they
  // would name the pages visited after the answers are gone.
  new NetworkFirst({ cacheName: API_CACHE, plugins: [onlyForOwner] }),
)
