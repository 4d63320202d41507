import type { Feature } from './createPalimpsest.ts'
import { historyFeature } from './history/historyFeature.ts'
import { linksFeature } from './links/linksFeature.ts'
import { pageTreeFeature } from './pages/pageTreeFeature.ts'
import { scaleOut } from './scale/scaleOut.ts'
import { searchFeature } from './search/searchFeature.ts'

/**
 * The features this build of Palimpsest runs, in order. Each brings its own routes,
 * indexers, collaboration extensions and event listeners.
 */
export function features(): Feature[] {
  return [
    scaleOut(),
    searchFeature,
    linksFeature,
    pageTreeFeature(),
    historyFeature(),
  ]
}
