import type { SeededPageHook } from '../core/Feature.ts'
import { cutRevision } from './cutRevision.ts'

/** A seeded page's text, as seeded or upgraded to a new edition, is one revision by the seed author, dated when it was written. */
export const seedFirstRevision: SeededPageHook = async (services, { pageId, doc, authorId, writtenAt, summary }) => {
  await cutRevision(services, pageId, doc, {
    kind: 'seed', summary, startedAt: writtenAt, createdAt: writtenAt, editors: [authorId], deletions: new Map(),
  })
}
