import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../../server/core/db/Db.ts'
import { migrate } from '../../../server/core/db/migrate.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { countLivePages, insertPage, markPageDeleted } from '../../../server/pages/pageQueries.ts'
import { insertSpace } from '../../../server/spaces/spaceQueries.ts'
import { normalizeTitle, slugify } from '../../../shared/wikiTitle.ts'
import { createTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

// A space's page count is kept by triggers as pages come and go (the home reads it instead of
// counting). Each step compares it with a count of the pages themselves.
let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase()
  db = await openDb(database.target)
  await migrate(db)
}, 60_000)
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

const counted = async (spaceId: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pages WHERE space_id = $1 AND deleted_at IS NULL', [spaceId]))[0].n

async function addPage(spaceId: string, title: string): Promise<string> {
  return (await insertPage(db, { spaceId, title, titleKey: normalizeTitle(title), slug: slugify(title), createdBy: null }))!.id
}

describe('a space’s count of live pages', () => {
  it('follows pages added, deleted, removed and moved, in each space apart', async () => {
    const a = (await insertSpace(db, { slug: 'counted-a', name: 'Counted A', visibility: 'private' }, null))!.id
    const b = (await insertSpace(db, { slug: 'counted-b', name: 'Counted B', visibility: 'public' }, null))!.id
    const expectCounts = async (countA: number, countB: number) => {
      expect({ a: await countLivePages(db, a), b: await countLivePages(db, b) }).toEqual({ a: countA, b: countB })
      expect({ a: await counted(a), b: await counted(b) }).toEqual({ a: countA, b: countB })
    }
    await expectCounts(0, 0)
    const pages = []
    for (let i = 0; i < 5; i++) pages.push(await addPage(a, `Leaflet ${i}`))
    await addPage(b, 'Elsewhere')
    await expectCounts(5, 1)
    // A title already taken inserts nothing and counts nothing.
    expect(await insertPage(db, { spaceId: a, title: 'Leaflet 0', titleKey: 'leaflet 0', slug: 'Leaflet_0', createdBy: null })).toBeNull()
    await markPageDeleted(db, pages[0])
    await markPageDeleted(db, pages[0]) // deleting twice counts once
    await expectCounts(4, 1)
    // A deleted page brought back, a page moved to another space, a row removed outright.
    await db.query('UPDATE pages SET deleted_at = NULL WHERE id = $1', [pages[0]])
    await db.query('UPDATE pages SET space_id = $2 WHERE id = $1', [pages[1], b])
    await db.query('DELETE FROM pages WHERE id = $1', [pages[2]])
    await expectCounts(3, 2)
    // A write that is rolled back leaves the count as it was.
    await expect(db.transaction(async (tx) => {
      await tx.query('UPDATE pages SET deleted_at = now() WHERE space_id = $1', [a])
      throw new Error('rolled back')
    })).rejects.toThrow('rolled back')
    await expectCounts(3, 2)
  })

  it('does not stand in the way of deleting a space with its pages', async () => {
    const space = (await insertSpace(db, { slug: 'counted-gone', name: 'Gone', visibility: 'private' }, null))!.id
    await addPage(space, 'One')
    await addPage(space, 'Two')
    expect(await countLivePages(db, space)).toBe(2)
    await db.query('DELETE FROM spaces WHERE id = $1', [space])
    expect(await countLivePages(db, space)).toBe(0)
    expect((await db.query('SELECT 1 FROM space_page_counts WHERE space_id = $1', [space])).length).toBe(0)
  })
})
