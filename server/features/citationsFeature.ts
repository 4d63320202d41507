import type { Feature } from '../core/Feature.ts'
import { citationIndexer } from '../citations/citationIndexer.ts'
import { sourceRoutes } from '../http/routes/sourceRoutes.ts'

/**
 * Citations: each space's source library (import, export, formatting in a CSL style) and the
 * index of every page's citations, notes and citation-needed markers, kept by an indexer.
 */
export const citationsFeature: Feature = {
  routes: [sourceRoutes],
  indexers: () => [citationIndexer()],
}
