import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertUser } from '../../../server/accounts/userQueries.ts'
import type { Actor } from '../../../server/core/Actor.ts'
import type { Db } from '../../../server/core/db/Db.ts'
import { migrate } from '../../../server/core/db/migrate.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { insertPage, updatePageText } from '../../../server/pages/pageQueries.ts'
import { refreshSearchDocument } from '../../../server/search/refreshSearchDocument.ts'
import { searchPages } from '../../../server/search/searchPages.ts'
import { insertSpace, upsertMembership } from '../../../server/spaces/spaceQueries.ts'
import { normalizeTitle, slugify } from '../../../shared/wikiTitle.ts'
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

// Search scores at most 200 title candidates of each kind, shortest first. These pages match
// more titles than that; the best ones must still come first.
let database: TestDatabase
let db: Db
let actor: Actor

async function addPage(spaceId: string, title: string, text: string): Promise<void> {
  const page = (await insertPage(db, { spaceId, title, titleKey: normalizeTitle(title), slug: slugify(title), createdBy: null }))!
  await updatePageText(db, page.id, text)
  await refreshSearchDocument(db, page.id)
}

beforeAll(async () => {
  database = await createTestDatabase()
  db = await openDb(database.target)
  await migrate(db)
  const user = (await insertUser(db, 'many_titles_reader', null, false))!
  actor = { userId: user.id, username: user.username }
  const space = (await insertSpace(db, { slug: 'many-titles', name: 'Many titles', visibility: 'private' }, null))!
  await upsertMembership(db, space.id, user.id, 'viewer')
  // 300 longer titles with the word, written first (first in the table and its indexes)…
  for (let i = 0; i < 300; i++) await addPage(space.id, `Strike committee minutes ${i}`, `Notes of meeting ${i}.`)
  // …then the page titled with the word alone, and one that only mentions it in its text.
  await addPage(space.id, 'Strike', 'The page about the strike itself.')
  await addPage(space.id, 'Factory gates', 'Workers gathered before the strike began.')
}, 120_000)

afterAll(async () => {
  await db?.close()
  await database?.drop()
})

describe('search with more title matches than it scores', () => {
  it('puts the exact title first, then other titles, and never a page that only mentions the word', async () => {
    const results = await searchPages(db, actor, { q: 'strike', limit: 20 })
    expect(results).toHaveLength(20)
    expect(results[0].title).toBe('Strike')
    expect(results.slice(1).every((result) => result.title.startsWith('Strike committee minutes'))).toBe(true)
  })

  it('finds the exact title whatever the case typed', async () => {
    for (const q of ['strike', 'Strike']) expect((await searchPages(db, actor, { q, limit: 5 }))[0].title).toBe('Strike')
  })

  it('still finds one title among the many by its distinctive word', async () => {
    const results = await searchPages(db, actor, { q: 'strike minutes 299', limit: 5 })
    expect(results[0].title).toBe('Strike committee minutes 299')
  })
})
