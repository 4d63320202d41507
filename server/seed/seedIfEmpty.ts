import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { findUserByUsername, insertUser } from '../accounts/userQueries.ts'
import { bindClientIds, writeCompactedState } from '../documents/documentQueries.ts'
import { indexDocument } from '../documents/indexDocument.ts'
import { insertSources } from '../citations/sourceQueries.ts'
import { insertPage, setPageUpdatedAt } from '../pages/pageQueries.ts'
import type { SeededPageHook } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { insertSpace, updateSpace, upsertMembership } from '../spaces/spaceQueries.ts'
import { loadSeedPages, type SeedPage } from './parseSeedPage.ts'
import { seedDocument } from './seedDocument.ts'
import { SEED_EDITION, SEED_EDITION_SUMMARY } from './seedEdition.ts'
import { writeSeedEdition } from './seedEditionQueries.ts'
import { SEED_SOURCE_KEYS, SEED_SOURCES } from './seedSources.ts'

/** The seeded space (docs/ACCOUNTS.md). */
export const SEED_SPACE = { slug: 'novocherkassk-1962', name: 'Novocherkassk 1962', visibility: 'public' as const }
/** The system author the seeded content is attributed to (not a username anyone can sign up with). */
export const SEED_AUTHOR = 'Palimpsest seed'

/** The advisory lock seeding and upgrading the seed take, so that several instances do it once. */
export const SEED_LOCK = 7_415_963

/**
 * When the encyclopedia's current edition was written. Freshly seeded pages, and their first
 * revisions, carry this date: a fresh start shows them as written then, not "edited just now".
 */
export const SEED_WRITTEN_AT = new Date('2026-12-04T12:00:00Z')

/** The page a newcomer to the seeded space should open first: it leads the page tree. */
export const SEED_START_PAGE = 'Study guide for Novocherkassk 1962'
const SEED_DESCRIPTION = 'A small encyclopedia on the film Dear Comrades! (2020), the Novocherkassk massacre of June 1962 and how its history came to be written. Start with the study guide; sign up and join to add to it.'


/**
 * Seeds the encyclopedia into an empty database: a public space of interlinked pages written
 * as Yjs documents in the shared schema, attributed to the system author. A database that
 * holds any space is never touched. Safe to run from several instances at once.
 */
export async function seedIfEmpty(services: Services, onSeeded: SeededPageHook[] = [], edition: SeedPage[] = loadSeedPages()): Promise<{ pages: number } | null> {
  // The start page first (top of the tree), the rest in their files' order.
  const pages = [...edition].sort((a, b) => Number(b.title === SEED_START_PAGE) - Number(a.title === SEED_START_PAGE))
  const schema = documentSchema()
  const seeded = await services.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK])
    if ((await tx.query('SELECT 1 FROM spaces LIMIT 1')).length > 0) return null
    const author = (await insertUser(tx, SEED_AUTHOR, null, true)) ?? (await findUserByUsername(tx, SEED_AUTHOR))!
    const space = (await insertSpace(tx, SEED_SPACE, author.id))!
    await upsertMembership(tx, space.id, author.id, 'owner')
    await updateSpace(tx, space.id, { description: SEED_DESCRIPTION })
    await writeSeedEdition(tx, space.id, SEED_EDITION)
    const sources = await insertSources(tx, space.id, SEED_SOURCES)
    const ids = new Map(SEED_SOURCE_KEYS.map((key, i) => [key, sources[i].id]))
    const docs: { pageId: string; doc: Y.Doc }[] = []
    for (const page of pages) {
      const row = (await insertPage(tx, {
        spaceId: space.id, title: page.title, titleKey: normalizeTitle(page.title), slug: slugify(page.title) || 'page', createdBy: author.id, createdAt: SEED_WRITTEN_AT,
      }))!
      const doc = new Y.Doc({ gc: false })
      prosemirrorJSONToYXmlFragment(schema, seedDocument(page.doc, ids), doc.getXmlFragment(CONTENT_FIELD))
      await writeCompactedState(tx, row.id, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), [])
      await bindClientIds(tx, row.id, [doc.clientID], author.id)
      docs.push({ pageId: row.id, doc })
    }
    return { authorId: author.id, docs }
  })
  if (!seeded) return null
  // Derived data (text, links, search) and first revisions, once the pages are committed.
  for (const { pageId, doc } of seeded.docs) {
    await indexDocument(services, pageId, doc)
    for (const hook of onSeeded) await hook(services, { pageId, doc, authorId: seeded.authorId, writtenAt: SEED_WRITTEN_AT, summary: SEED_EDITION_SUMMARY })
    // Indexing recorded the text as a change made now: the text was written then.
    await setPageUpdatedAt(services.db, pageId, SEED_WRITTEN_AT)
  }
  return { pages: seeded.docs.length }
}
