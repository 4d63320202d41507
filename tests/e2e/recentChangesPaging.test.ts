import { describe, expect, it } from 'vitest'
import { insertRevision } from '../../server/history/revisionQueries.ts'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('Recent changes, older pages by cursor')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  it('shows 50 changes, then the older ones — all 70, each once, though the first 50 end inside 30 that share one instant — and no button after the last', async () => {
    const alice = await signUpUser(world.server.url, 'alice')
    const { spaceId, spaceSlug, pageId } = await createSpaceWithPage(world.server.url, alice.token, { title: 'Chronicle' })
    const instant = new Date('2026-06-02T09:00:00.000Z')
    // 40 revisions a minute apart, then 30 cut at one instant before them (as an import cuts first
    // revisions): the first 50 end inside that instant, so paging by time alone would skip 20.
    for (let i = 0; i < 70; i++) {
      const createdAt = i < 30 ? instant : new Date(instant.getTime() + (i - 29) * 60_000)
      await insertRevision(world.server.palimpsest.services.db, {
        pageId, spaceId, number: i + 1, snapshot: new Uint8Array([0, 0]), stateVector: new Uint8Array([0]), kind: 'auto', name: null,
        summary: `Change ${i + 1}`, title: 'Chronicle', createdBy: alice.id, restoredFrom: null, startedAt: createdAt, chars: i, words: i,
        charsAdded: 1, charsRemoved: 0, wordsAdded: 1, wordsRemoved: 0, blocksChanged: 1, charsFormatted: 0, createdAt,
      })
    }
    const { page, errors } = await world.person(alice.token)
    await page.goto(`${world.server.url}/s/${spaceSlug}/-/changes`)
    const items = page.locator('.recent-changes__item')
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(50)
    await page.getByRole('button', { name: 'Older changes' }).click()
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(70)
    const summaries = await items.allInnerTexts()
    for (let i = 1; i <= 70; i++) expect(summaries.filter((text) => new RegExp(`Change ${i}(?!\\d)`).test(text)), `Change ${i}`).toHaveLength(1)
    expect(await page.getByRole('button', { name: 'Older changes' }).count()).toBe(0)
    expect(errors).toEqual([])
  })
})
