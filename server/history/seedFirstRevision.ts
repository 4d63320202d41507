import type { SeededPageHook } from '../core/Feature.ts'
import { cutRevision } from './cutRevision.ts'

/** A seeded page starts its history with one revision: the seeded text, by the seed author. */
export const seedFirstRevision: SeededPageHook = async (services, { pageId, doc, authorId }) => {
  await cutRevision(services, pageId, doc, {
    kind: 'seed', summary: 'The seeded encyclopedia', startedAt: new Date(), editors: [authorId], deletions: new Map(),
  })
}
