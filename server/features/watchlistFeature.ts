import type { Feature } from '../core/Feature.ts'
import { watchRoutes } from '../http/routes/watchRoutes.ts'

/**
 * The watchlist: watched pages and spaces, auto-watching what one creates or edits, and what
 * others changed since one's last visit (read from the revisions history cuts).
 */
export const watchlistFeature: Feature = {
  routes: [watchRoutes],
}
