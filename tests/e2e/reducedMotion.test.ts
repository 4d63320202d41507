import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('motion for people who asked for less')

/** The animations running in `page` that never end, by the class of the element they move. */
function endlessAnimations(page: Page): Promise<string[]> {
  return page.evaluate(() => document.getAnimations()
    .filter((animation) => animation.playState === 'running' && animation.effect?.getComputedTiming().iterations === Infinity)
    .map((animation) => ((animation.effect as KeyframeEffect | null)?.target as Element | null)?.className ?? ''))
}

describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  /** A page whose editor can never reach the server: its save state stays "Connecting", which pulses. */
  async function connectingPage(reducedMotion: 'reduce' | 'no-preference'): Promise<Page> {
    const owner = await signUpUser(world.server.url, 'owner')
    const { pageId } = await createSpaceWithPage(world.server.url, owner.token)
    const { page } = await world.person(owner.token)
    await page.emulateMedia({ reducedMotion })
    await page.routeWebSocket(/\/collab$/u, () => {})
    await page.goto(`${world.server.url}/p/${pageId}`)
    await page.locator('.save-state[data-state="connecting"]').waitFor()
    return page
  }

  it('the save state pulses while the editor connects', async () => {
    const page = await connectingPage('no-preference')
    await expect.poll(() => endlessAnimations(page)).toContain('save-state__dot')
  })

  it('with reduced motion asked for, nothing on the page animates without end', async () => {
    const page = await connectingPage('reduce')
    // Given time to start, had it been going to.
    await page.waitForTimeout(500)
    expect(await endlessAnimations(page)).toEqual([])
  })
})
