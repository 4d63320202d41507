import type { Page } from 'playwright-core'
import type { Person } from './browserSession.ts'
import { describe, expect, it } from 'vitest'
import { signUpUser } from '../support/api.ts'
import { browserSuite, useBrowserWorld } from './browserWorld.ts'

const suite = browserSuite('a person’s tab handed from one test to the next')

/**
 * Browser suites keep their people's tabs from one test to the next (tests/e2e/TabPool.ts): these
 * tests run in order, each taking the tab the one before it left, and check that nothing of the
 * earlier person came along.
 */
describe.skipIf(suite.skip)(suite.title, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()
  const handed: Page[] = []

  it('a signed-in person leaves cookies, storage, a route, a listener, a small window and the network off', async () => {
    const { server } = world
    const ann = await signUpUser(server.url, 'ann')
    const { page, context } = await world.person(ann.token)
    handed.push(page)
    await page.goto(`${server.url}/`)
    await expect.poll(() => page.evaluate(async () => (await fetch('/api/auth/session')).json())).toMatchObject({ user: { username: ann.username } })
    await page.evaluate(async () => {
      localStorage.setItem('left', 'behind')
      sessionStorage.setItem('left', 'behind')
      document.cookie = 'left=behind; path=/'
      await new Promise((resolve) => { indexedDB.open('left-behind').onsuccess = resolve })
    })
    await context.route('**/api/auth/session', (route) => route.fulfill({ status: 500, body: 'routed' }))
    page.on('dialog', (dialog) => void dialog.accept())
    await page.setViewportSize({ width: 390, height: 844 })
    await context.setOffline(true)
  })

  it('the next person gets that tab, off the app, with none of it', async () => {
    const { server } = world
    const { page, context } = await world.person()
    expect(page).toBe(handed[0])
    expect(new URL(page.url()).pathname).toBe('/favicon.svg')
    expect(await context.cookies()).toEqual([])
    expect(page.viewportSize()).toEqual({ width: 1280, height: 860 })
    await page.goto(`${server.url}/`)
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, ''])
    // Unanswered, Playwright dismisses a dialog; the earlier test's listener would accept it.
    expect(await page.evaluate(() => confirm('Still listening?'))).toBe(false)
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name))).not.toContain('left-behind')
    const session = await page.evaluate(async () => {
      const response = await fetch('/api/auth/session')
      return { status: response.status, body: await response.json() }
    })
    expect(session).toEqual({ status: 200, body: expect.not.objectContaining({ user: expect.anything() }) })
    handed.push(page)
  })

  // Changes no reset can undo: the tab that took one is closed, and the next person gets a new one.
  const lasting: [string, (person: Person) => Promise<unknown>][] = [
    ['an init script', ({ context }) => context.addInitScript(() => { (window as unknown as { marked: boolean }).marked = true })],
    ['a WebSocket route', ({ context }) => context.routeWebSocket(/\/collab$/u, (socket) => void socket.close())],
    ['an installed clock', ({ page }) => page.clock.install()],
  ]
  for (const [change, make] of lasting) {
    it(`a tab given ${change} is not handed on`, async () => {
      const person = await world.person()
      handed.push(person.page)
      await make(person)
    })

    it(`after ${change}, the next person gets a new tab`, async () => {
      const { page } = await world.person()
      expect(handed).not.toContain(page)
      handed.push(page)
    })
  }
})
