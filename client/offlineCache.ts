/**
 * What the service worker keeps for opening visited pages without a network, shared by the
 * worker (client/serviceWorker/sw.ts) and the app, which owns who the kept answers belong to.
 */

/** The API answers kept for one signed-in person. */
export const API_CACHE = 'palimpsest-api'
/** Holds one entry, the id of the person the kept answers belong to; no entry, nothing is kept. */
export const OWNER_CACHE = 'palimpsest-api-owner'
export const OWNER_KEY = '/__palimpsest/owner'

/**
 * The GET answers a visited page needs to open (who is signed in, the space, the page, the
 * space's pages and the levels of its tree), and no others: search, history, discussion,
 * notifications and the rest say they need a connection instead of showing a stale answer.
 * Event streams are never kept.
 */
const KEPT_API = [
  /^\/api\/auth\/session$/u,
  /^\/api\/spaces$/u,
  /^\/api\/spaces\/by-slug\/[^/]+$/u,
  /^\/api\/spaces\/by-slug\/[^/]+\/pages\/[^/]+$/u,
  /^\/api\/spaces\/[^/]+$/u,
  /^\/api\/spaces\/[^/]+\/pages$/u,
  /^\/api\/spaces\/[^/]+\/tree$/u,
  /^\/api\/spaces\/[^/]+\/tree\/ancestors\/[^/]+$/u,
  /^\/api\/pages\/[^/]+$/u,
]

/** Whether the worker may keep the answer to a GET of `pathname` for the signed-in person. */
export function isKeptApi(pathname: string): boolean {
  return KEPT_API.some((pattern) => pattern.test(pathname))
}
