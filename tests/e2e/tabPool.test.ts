import type { Page } from 'playwright-core'
import type { Person } from './browserSession.ts'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

/**
 * A suite's reset tabs are kept for the process's next suite, whose server listens on the same
 * port: these two suites run one after the other, the second checking it got the first's tab
 * and found the app's files in that tab's HTTP cache.
 */
const handover: { page?: Page; url?: string } = {}

describe.skipIf(suite.skip)(`${suite.title}: one suite leaves its tab…`, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  it('a person opens the app', async () => {
    const { page } = await world.person()
    await page.goto(`${world.server.url}/`)
    await page.locator('main').waitFor()
    handover.page = page
    handover.url = world.server.url
  })
})

describe.skipIf(suite.skip)(`${suite.title}: …and the next suite's first person gets it`, { timeout: 120_000 }, () => {
  const world = useBrowserWorld()

  it('with the server at the same address and the app’s scripts from the cache', async () => {
    const { page, context } = await world.person()
    expect(page).toBe(handover.page)
    expect(world.server.url).toBe(handover.url)
    expect(await context.cookies()).toEqual([])
    await page.goto(`${world.server.url}/`)
    await page.locator('main').waitFor()
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script' || entry.name.endsWith('.js'))
      .map((entry) => ({ name: new URL(entry.name).pathname, fetched: (entry as PerformanceResourceTiming).transferSize })))
    expect(scripts.length).toBeGreaterThan(0)
    // transferSize is 0 for a file the HTTP cache answered without asking the server.
    expect(scripts.filter((script) => script.fetched > 0)).toEqual([])
  })
})

describe.skipIf(suite.skip)(`${suite.title}: a suite whose port another process holds`, { timeout: 120_000 }, () => {
  // Registered before the suite's own hooks, so the port is taken when its server starts.
  let holder: Server | undefined
  beforeAll(async () => {
    holder = createServer()
    await new Promise<void>((resolve, reject) => {
      holder!.once('error', reject)
      holder!.listen(Number(new URL(handover.url!).port), '127.0.0.1', resolve)
    })
  })
  afterAll(() => new Promise<void>((resolve) => { holder?.close(() => resolve()) }))
  const world = useBrowserWorld()

  it('starts its server on another one, and its people use the app there', async () => {
    expect(world.server.url).not.toBe(handover.url)
    const { page } = await world.person()
    await page.goto(`${world.server.url}/`)
    await page.locator('main').waitFor()
  })
})
