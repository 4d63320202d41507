import type { SeededPageHook } from '../core/Feature.ts'
import { cutRevision } from './cutRevision.ts'

/** A seeded page starts its history with one revision: the seeded text, by the seed author, dated when it was written. */
export const seedFirstRevision: SeededPageHook = async (services, { pageId, doc, authorId, writtenAt }) => {
  await cutRevision(services, pageId, doc, {
    kind: 'seed', summary: 'The seeded encyclopedia', startedAt: writtenAt, createdAt: writtenAt, editors: [authorId], deletions: new Map(),
  })
}
