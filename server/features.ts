import type { Feature } from './core/Feature.ts'
import { citationsFeature } from './features/citationsFeature.ts'
import { attachmentsFeature } from './features/attachmentsFeature.ts'
import { discussionFeature } from './features/discussionFeature.ts'
import { historyFeature } from './features/historyFeature.ts'
import { linksFeature } from './features/linksFeature.ts'
import { pageTreeFeature } from './features/pageTreeFeature.ts'
import { scaleOut } from './features/scaleOut.ts'
import { searchFeature } from './features/searchFeature.ts'
import { watchlistFeature } from './features/watchlistFeature.ts'
import { transferFeature } from './features/transferFeature.ts'

/**
 * The features this build of Palimpsest runs, in order. Each brings its own routes,
 * indexers, collaboration extensions and event listeners.
 */
export function features(): Feature[] {
  return [
    scaleOut(),
    searchFeature(),
    linksFeature(),
    citationsFeature,
    pageTreeFeature(),
    historyFeature(),
    watchlistFeature,
    attachmentsFeature,
    discussionFeature(),
    transferFeature,
  ]
}
