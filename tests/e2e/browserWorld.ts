import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { closeBrowserContexts, sharedBrowser } from '../support/browser.ts'
import { CHROMIUM_PATH, hasChromium } from '../support/requirements.ts'
import { startTestServer, type TestServer, type TestServerOptions } from '../support/startTestServer.ts'
import type { Person } from './browserSession.ts'
import { TabPool } from './TabPool.ts'

/**
 * Whether a browser suite runs, and its title: outside CI a missing Chromium skips the suite
 * and the title says why; under CI=true a missing Chromium fails the run instead.
 */
export function browserSuite(name: string): { title: string; skip: boolean } {
  const chromium = hasChromium()
  return { title: chromium ? `${name} in Chromium` : `${name} in Chromium (skipped: no Chromium at ${CHROMIUM_PATH})`, skip: !chromium }
}

/** A real server and Chromium (the process's shared one) for a suite's tests; people are separate browser contexts. */
export interface BrowserWorld {
  readonly server: TestServer
  readonly browser: Browser
  /**
   * A person in their own context, signed in with `token` when given. After the test their tab is
   * reset and kept for a later test's person (see TabPool), or closed when it cannot be reset.
   */
  person(token?: string): Promise<Person>
}

export interface BrowserWorldOptions {
  /**
   * Whether the app's service worker installs in the suite's tabs (default 'block'). Installing,
   * it fetches and stores every built file (about 120) in each new context: blocked, two browser
   * suites took a quarter less CPU. The suites of what it serves keep it ('allow'): keeping
   * pages on the device, and the session, space, page and page-tree answers it passes through
   * (accounts and wiki, collaborative editing, the page tree).
   */
  serviceWorkers?: 'allow' | 'block'
}

/**
 * Starts the server and gets Chromium before the suite's tests, and closes the server and every
 * context after them (Chromium stays for the process's next browser suite). The people a test
 * opens leave the app when it ends (their tabs are reset, or closed): an app left open keeps its
 * editor, its connection and its timers running, which on two cores slows every later test of the file.
 */
export function useBrowserWorld(
  start: (options: TestServerOptions) => Promise<TestServer> = (options) => startTestServer(options), options: BrowserWorldOptions = {},
): BrowserWorld {
  let server: TestServer | undefined
  let browser: Browser | undefined
  const people: Person[] = []
  const tabs = new TabPool(() => browser!, () => server!.url, options.serviceWorkers ?? 'block')
  beforeAll(async () => {
    server = await startOnSuitePort(start)
    browser = await sharedBrowser()
  })
  afterEach(async () => {
    for (const person of people.splice(0)) await tabs.give(person)
  })
  afterAll(async () => {
    await tabs.close()
    await closeBrowserContexts(browser)
    await server?.close()
  })
  return {
    get server() { return server! },
    get browser() { return browser! },
    async person(token?: string) {
      const opened = await tabs.take(token)
      people.push(opened)
      return opened
    },
  }
}

/**
 * The port of this process's browser-suite servers. Each suite's server listens where the previous
 * one did (closed by then), so the app's files keep their URLs: a tab kept from the previous suite
 * (see TabPool) finds them in its HTTP cache, compiled, instead of fetching and compiling them again.
 */
let suitePort = 0

async function startOnSuitePort(start: (options: TestServerOptions) => Promise<TestServer>): Promise<TestServer> {
  if (suitePort !== 0) {
    try {
      return await start({ env: { PORT: String(suitePort) } })
    } catch (error) {
      // Another process took the port meanwhile: any free one will do.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    }
  }
  const server = await start({})
  suitePort = Number(new URL(server.url).port)
  return server
}
