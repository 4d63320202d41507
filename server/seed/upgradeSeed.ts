import { prosemirrorJSONToYXmlFragment, updateYFragment } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { CONTENT_FIELD, documentSchema } from '../../shared/editor/documentSchema.ts'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { findUserByUsername } from '../accounts/userQueries.ts'
import { insertSources, listSources } from '../citations/sourceQueries.ts'
import type { SeededPageHook } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { loadDocument } from '../documents/compactDocument.ts'
import { bindClientIds, readClientOwners, writeCompactedState } from '../documents/documentQueries.ts'
import { indexDocument } from '../documents/indexDocument.ts'
import { findPageByTitleKey, insertPage } from '../pages/pageQueries.ts'
import { findSpaceBySlug } from '../spaces/spaceQueries.ts'
import { loadSeedPages, type SeedPage } from './parseSeedPage.ts'
import { seedDocument } from './seedDocument.ts'
import { SEED_EDITION, SEED_EDITION_NEW_PAGES, SEED_EDITION_SUMMARY } from './seedEdition.ts'
import { readSeedEdition, writeSeedEdition } from './seedEditionQueries.ts'
import { SEED_AUTHOR, SEED_LOCK, SEED_SPACE } from './seedIfEmpty.ts'
import { SEED_SOURCE_KEYS, SEED_SOURCES } from './seedSources.ts'

/** What an upgrade did: pages rewritten to the new edition, pages added, pages left alone because users edited them. */
export interface SeedUpgrade {
  edition: number
  updated: string[]
  added: string[]
  keptEdited: string[]
}

/** A fresh Yjs client id bound to the seed author on this page. */
async function seedClient(services: Services, pageId: string, authorId: string): Promise<number> {
  for (;;) {
    const clientId = new Y.Doc().clientID
    if ((await bindClientIds(services.db, pageId, [clientId], authorId)).length === 0) return clientId
  }
}

/**
 * Brings a space seeded with an earlier edition of the encyclopedia up to SEED_EDITION, once,
 * at start-up: each seeded page no user has written in (every client id in its document is the
 * seed author's) is changed into the new edition's text by the smallest change, written as the
 * seed author, indexed and recorded as a revision "Seed, second edition"; pages the edition adds
 * are created; pages users have edited are left as they are and named in the log. The edition
 * is claimed first, under the seed lock, so several instances starting together upgrade once.
 * Resolves to null when there is nothing to upgrade.
 */
export async function upgradeSeed(services: Services, onSeeded: SeededPageHook[] = [], pages: SeedPage[] = loadSeedPages()): Promise<SeedUpgrade | null> {
  const claimed = await services.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK])
    const author = await findUserByUsername(tx, SEED_AUTHOR)
    const space = author ? await findSpaceBySlug(tx, SEED_SPACE.slug, author.id) : null
    // Only the space the seed made (its author still owns it), not a user's space of the same slug.
    if (!space || !author || space.role !== 'owner') return null
    if ((await readSeedEdition(tx, space.id)) >= SEED_EDITION) return null
    await writeSeedEdition(tx, space.id, SEED_EDITION)
    return { spaceId: space.id, authorId: author.id }
  })
  if (!claimed) return null
  const { spaceId, authorId } = claimed
  // The seed's citations point at the library's seeded entries, found by title (a user may have
  // added others); an entry missing (a space seeded before the library existed) is added.
  const library = await listSources(services.db, spaceId)
  const ids = new Map<string, string>()
  const missing: number[] = []
  SEED_SOURCE_KEYS.forEach((key, i) => {
    const row = library.find((source) => source.csl.title === SEED_SOURCES[i].title)
    if (row) ids.set(key, row.id)
    else missing.push(i)
  })
  if (missing.length > 0) {
    const added = await insertSources(services.db, spaceId, missing.map((i) => SEED_SOURCES[i]))
    missing.forEach((i, n) => ids.set(SEED_SOURCE_KEYS[i], added[n].id))
  }
  const schema = documentSchema()
  const result: SeedUpgrade = { edition: SEED_EDITION, updated: [], added: [], keptEdited: [] }
  const writtenAt = new Date()
  for (const page of pages) {
    const target = schema.nodeFromJSON(seedDocument(page.doc, ids))
    const existing = await findPageByTitleKey(services.db, spaceId, normalizeTitle(page.title))
    let pageId: string
    let doc: Y.Doc
    if (!existing) {
      // A missing page of an earlier edition was deleted by a user: it stays deleted.
      if (!SEED_EDITION_NEW_PAGES.includes(page.title)) continue
      const row = await insertPage(services.db, { spaceId, title: page.title, titleKey: normalizeTitle(page.title), slug: slugify(page.title) || 'page', createdBy: authorId })
      if (!row) continue
      doc = new Y.Doc({ gc: false })
      prosemirrorJSONToYXmlFragment(schema, target.toJSON(), doc.getXmlFragment(CONTENT_FIELD))
      await writeCompactedState(services.db, row.id, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), [])
      await bindClientIds(services.db, row.id, [doc.clientID], authorId)
      pageId = row.id
      result.added.push(page.title)
    } else {
      pageId = existing.id
      const owners = await readClientOwners(services.db, pageId)
      if ([...owners.values()].some((owner) => owner !== authorId)) {
        result.keptEdited.push(existing.title)
        continue
      }
      doc = new Y.Doc({ gc: false })
      await loadDocument(services, pageId, doc)
      doc.clientID = await seedClient(services, pageId, authorId)
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      doc.transact(() => updateYFragment(doc, doc.getXmlFragment(CONTENT_FIELD), target, { mapping: new Map(), isOMark: new Map() }))
      if (updates.length === 0) continue
      // Logged like any edit: loading the page replays it over the stored state.
      await services.updateLog.append(pageId, Y.mergeUpdates(updates), authorId)
      await services.updateLog.whenDurable(pageId)
      result.updated.push(page.title)
    }
    await indexDocument(services, pageId, doc)
    for (const hook of onSeeded) await hook(services, { pageId, doc, authorId, writtenAt, summary: SEED_EDITION_SUMMARY })
  }
  services.logger.info({ edition: SEED_EDITION, updated: result.updated.length, added: result.added }, 'upgraded the seeded encyclopedia')
  if (result.keptEdited.length > 0) {
    services.logger.warn({ pages: result.keptEdited }, 'seed upgrade: left these pages as they are because users have edited them')
  }
  return result
}
