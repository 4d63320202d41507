import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { appendLinkedParagraph } from '../server/links/linkWriting.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('map of links')

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 })

  /** Clicks the node titled `title` on the map drawn in the page (a canvas: its positions come from the map). */
  async function clickNode(page: Page, title: string) {
    const map = page.getByTestId('link-graph')
    await poll(() => map.evaluate((el, t) => (el as HTMLElement & { nodePositions(): { title: string }[] }).nodePositions().some((n) => n.title === t), title)).toBe(true)
    const at = await map.evaluate((el, t) => (el as HTMLElement & { nodePositions(): { title: string, x: number, y: number }[] }).nodePositions().find((n) => n.title === t)!, title)
    const box = (await map.boundingBox())!
    await page.mouse.click(box.x + at.x, box.y + at.y)
  }

  it('a page’s map shows its neighbourhood; clicking a page on it goes there, and a space’s map updates live as links change', async () => {
    const owner = await signUpUser(world.server.url, 'owner')
    const place = await createSpaceWithPage(world.server.url, owner.token, { title: 'Alpha', visibility: 'public' })
    const beta = (await api(world.server.url, 'POST', `/api/spaces/${place.spaceId}/pages`, { token: owner.token, body: { title: 'Beta' } })).body.id
    const writer = await connectProvider(world.server.wsUrl, place.pageId, { token: owner.token })
    appendLinkedParagraph(writer.doc, ['See ', { target: 'Beta' }, ' and ', { target: 'Gamma' }, '.'])
    await writer.settled()
    await waitFor(async () => (await api(world.server.url, 'GET', `/api/spaces/${place.spaceId}/graph`)).body.edges.length === 2, 'the links indexed')

    const { page, errors } = await world.person()
    await page.goto(`${world.server.url}/p/${place.pageId}`)
    await page.getByRole('button', { name: 'Show the map' }).click()
    await poll(() => page.locator('.link-map__list summary').innerText()).toBe('2 pages on the map')
    await clickNode(page, 'Beta')
    await page.waitForURL(`**/s/${place.spaceSlug}/beta`)
    expect(new URL(page.url()).pathname).toBe(`/s/${place.spaceSlug}/beta`)

    await page.goto(`${world.server.url}/s/${place.spaceSlug}/-/map`)
    const summary = page.locator('.space-map > p.muted')
    await poll(() => summary.innerText()).toContain('2 pages, 2 links')
    // Another writer links Beta back to Alpha: the open map redraws without a reload.
    const other = await connectProvider(world.server.wsUrl, beta, { token: owner.token })
    appendLinkedParagraph(other.doc, ['Back to ', { target: 'Alpha' }, '.'])
    await other.settled()
    await poll(() => summary.innerText()).toContain('2 pages, 3 links')
    // The red node leads to the page that offers to create it.
    await clickNode(page, 'Gamma')
    await page.waitForURL(`**/s/${place.spaceSlug}/w/Gamma`)
    writer.destroy()
    other.destroy()
    expect(errors).toEqual([])
  })
})
