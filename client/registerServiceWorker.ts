/**
 * Registers the service worker once the page has loaded (so it costs the first view nothing):
 * from then on the app's files come from its precache and open without a network. Only in a
 * built app; browsers without service workers simply go without.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((cause: unknown) => console.warn('[palimpsest] no offline shell:', cause))
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
