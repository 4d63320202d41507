import { defineAsyncComponent, type AsyncComponentLoader, type Component } from 'vue'

/** Tries, with the network up, before a part that will not load is reported as the page's error. */
const TRIES_ONLINE = 4

/**
 * A component whose code is fetched when it is first shown (menus, dialogs, panels). Its file
 * may not arrive: with the network gone (before the service worker has kept the app's files, or
 * without one) it waits for the network and tries again, so a page opened just before the
 * network dropped keeps its editor and gains the part when the network returns. With the network
 * up it tries a few more times, a second apart, before the failure reaches the page's error state.
 */
export function lazyComponent<T extends Component>(loader: AsyncComponentLoader<T>): T {
  return defineAsyncComponent<T>({
    loader,
    onError(error, retry, fail, attempts) {
      if (!navigator.onLine) window.addEventListener('online', () => retry(), { once: true })
      else if (attempts < TRIES_ONLINE) setTimeout(retry, 1000 * attempts)
      else fail()
    },
  })
}
