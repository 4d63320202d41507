import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('link reports, paged')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 })

  it('the orphaned pages show a hundred, and Load more brings the rest once each', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Page 000', visibility: 'private' })
    for (let i = 1; i < 105; i++) {
      const made = await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title: `Page ${String(i).padStart(3, '0')}` } })
      expect(made.status).toBe(201)
    }
    const { page, errors } = await world.person(owner.token)
    await page.goto(`${world.server.url}/s/${place.spaceSlug}/-/orphans`)
    const items = page.getByTestId('orphans').locator('li')
    await poll(() => items.count()).toBe(100)
    // The newest first.
    expect(await items.first().innerText()).toContain('Page 104')
    await page.locator('[data-load-more]').click()
    await poll(() => items.count()).toBe(105)
    const titles = (await items.locator('a').allInnerTexts()).sort()
    expect(titles).toEqual(Array.from({ length: 105 }, (_, i) => `Page ${String(i).padStart(3, '0')}`))
    expect(await page.locator('[data-load-more]').count()).toBe(0)
    expect(errors).toEqual([])
  })
})
