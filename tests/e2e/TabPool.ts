import type { Browser, BrowserContext, Page } from 'playwright-core'
import { keepBrowserContext } from '../support/browser.ts'
import { newPersonContext, PERSON_VIEWPORT, signIn, watchPageErrors, type Person } from './browserSession.ts'

/**
 * Calls after which a context or tab is not handed to another test: no reset undoes them (an init
 * script, an exposed function, a WebSocket route, which `unrouteAll` leaves, a clock installed).
 */
const LASTING = {
  context: ['addInitScript', 'exposeBinding', 'exposeFunction', 'routeWebSocket', 'setExtraHTTPHeaders', 'setGeolocation', 'grantPermissions', 'setHTTPCredentials'],
  page: ['addInitScript', 'exposeBinding', 'exposeFunction', 'emulateMedia', 'routeWebSocket', 'setExtraHTTPHeaders'],
  clock: ['install', 'setFixedTime', 'setSystemTime', 'pauseAt', 'fastForward', 'runFor'],
} as const

/** The events a test may listen to on a tab or its context, whose listeners go with the test. */
const PAGE_EVENTS = ['console', 'dialog', 'download', 'filechooser', 'framenavigated', 'load', 'domcontentloaded', 'pageerror', 'popup', 'request', 'requestfailed', 'requestfinished', 'response', 'websocket', 'worker']
const CONTEXT_EVENTS = ['console', 'dialog', 'page', 'request', 'requestfailed', 'requestfinished', 'response', 'serviceworker', 'weberror']

/**
 * Reset tabs kept by the process between browser suites, by whether service workers run in them:
 * the next suite's people get them (its server listens on the same port, see useBrowserWorld).
 */
const betweenSuites: Record<'allow' | 'block', Tab[]> = { allow: [], block: [] }
const MAX_BETWEEN_SUITES = 3

interface Tab {
  context: BrowserContext
  page: Page
  /** Set when a test made a change to the context or tab that a reset cannot take back. */
  lasting: boolean
}

/**
 * The tabs of a browser suite's people, kept from one test to the next. A person opened in a new
 * browser context starts a renderer process and loads and compiles the app from nothing (about
 * 1.1–1.4 s of the renderer's main thread here, 2 s to the editor's text); the same tab sent to
 * the app again reuses its process, its compiled scripts and its HTTP cache (about 0.45 s and
 * 0.5 s). So a person a test opened is not closed when the test ends but reset: the app is
 * unloaded (the tab goes to a static file of the same site, so the process stays), and the site's
 * cookies, storage and service worker, the tab's other windows, routes, listeners, offline state
 * and size are cleared or set back. The next test's person gets that tab with a fresh session
 * cookie, as a new person would. A tab whose context took a change no reset undoes (see LASTING),
 * or that was closed, is closed instead.
 */
export class TabPool {
  private readonly idle: Tab[] = []
  private readonly taken = new Map<Page, Tab>()

  private readonly browser: () => Browser
  private readonly baseUrl: () => string
  private readonly serviceWorkers: 'allow' | 'block'

  constructor(browser: () => Browser, baseUrl: () => string, serviceWorkers: 'allow' | 'block') {
    this.browser = browser
    this.baseUrl = baseUrl
    this.serviceWorkers = serviceWorkers
  }

  /** A person signed in with `token` (anonymous without), in a reset tab of the pool or a new one. */
  async take(token?: string): Promise<Person> {
    const tab = this.idle.pop() ?? this.fromEarlierSuite() ?? await this.open()
    if (token) await signIn(tab.context, this.baseUrl(), token)
    this.taken.set(tab.page, tab)
    return { context: tab.context, page: tab.page, errors: watchPageErrors(tab.page) }
  }

  /** Takes a person's tab back after their test: reset for the next, or closed when it cannot be. */
  async give(person: Person): Promise<void> {
    const tab = this.taken.get(person.page)
    this.taken.delete(person.page)
    if (!tab) return
    if (tab.lasting || tab.page.isClosed() || !(await this.reset(tab))) {
      await tab.context.close().catch(() => {})
      return
    }
    this.idle.push(tab)
  }

  /** Ends the suite: a few of its reset tabs are kept for the process's next suite, the others closed. */
  async close(): Promise<void> {
    const kept = betweenSuites[this.serviceWorkers]
    for (const tab of this.idle.splice(0)) {
      if (kept.length < MAX_BETWEEN_SUITES) {
        keepBrowserContext(tab.context, true)
        kept.push(tab)
      } else {
        await tab.context.close().catch(() => {})
      }
    }
  }

  /** A tab an earlier suite of this process reset and kept, still open in the current browser. */
  private fromEarlierSuite(): Tab | undefined {
    const kept = betweenSuites[this.serviceWorkers]
    for (let tab = kept.pop(); tab; tab = kept.pop()) {
      keepBrowserContext(tab.context, false)
      if (!tab.page.isClosed() && tab.context.browser() === this.browser()) return tab
      void tab.context.close().catch(() => {})
    }
    return undefined
  }

  private async open(): Promise<Tab> {
    const context = await newPersonContext(this.browser(), this.serviceWorkers)
    const page = await context.newPage()
    const tab: Tab = { context, page, lasting: false }
    for (const name of LASTING.context) noteLasting(context, name, tab)
    for (const name of LASTING.page) noteLasting(page, name, tab)
    // A tab's clock is its context's.
    for (const name of LASTING.clock) noteLasting(context.clock, name, tab)
    return tab
  }

  /** Sets a tab back to a new person's: whether that worked (else it is closed). */
  private async reset(tab: Tab): Promise<boolean> {
    const { context, page } = tab
    try {
      for (const other of context.pages()) if (other !== page) await other.close()
      // Not 'close': Playwright itself waits for it through the same emitter.
      for (const event of PAGE_EVENTS) page.removeAllListeners(event)
      for (const event of CONTEXT_EVENTS) context.removeAllListeners(event)
      await context.unrouteAll({ behavior: 'ignoreErrors' })
      await page.unrouteAll({ behavior: 'ignoreErrors' })
      await context.setOffline(false)
      // The app asks before leaving with unsaved words; nobody is left to answer.
      await page.evaluate(() => window.addEventListener('beforeunload', (event) => event.stopImmediatePropagation(), { capture: true }))
        .catch(() => {})
      const origin = new URL(this.baseUrl()).origin
      const devtools = await context.newCDPSession(page)
      try {
        // Cookies, local and session storage, IndexedDB, the service worker and its caches; not the HTTP cache.
        await devtools.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' })
      } finally {
        await devtools.detach().catch(() => {})
      }
      await page.goto(`${origin}/favicon.svg`, { timeout: 10_000 })
      await page.evaluate(() => sessionStorage.clear())
      await context.clearCookies()
      const size = page.viewportSize()
      if (size?.width !== PERSON_VIEWPORT.width || size.height !== PERSON_VIEWPORT.height) await page.setViewportSize(PERSON_VIEWPORT)
      return true
    } catch {
      return false
    }
  }
}

/** Wraps `target[name]` so that a call marks `tab` as changed for good. */
function noteLasting<T extends object>(target: T, name: string, tab: Tab): void {
  const original = (target as Record<string, unknown>)[name]
  if (typeof original !== 'function') return
  ;(target as Record<string, unknown>)[name] = (...args: unknown[]) => {
    tab.lasting = true
    return (original as (...a: unknown[]) => unknown).apply(target, args)
  }
}
