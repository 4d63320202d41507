import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { CHROMIUM_PATH } from './requirements.ts'

/** Launches Debian's Chromium headless, as CI runs it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}

let shared: Promise<Browser> | undefined

/**
 * The one Chromium of this test process, launched by the first browser file it runs and used by
 * every later one (Vitest runs files one after another in a process and keeps its modules):
 * each launch cost about 1.5 s of CPU, paid by some twenty files. Files share nothing through it
 * but the process and the reset tabs the browser suites keep for the next one (see keepBrowserContext):
 * a person is a browser context of their own, and `closeBrowserContexts` ends a file with no other
 * left open. Playwright closes Chromium when the process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  if (!shared) {
    shared = launchBrowser()
    const launched = shared
    launched.then((browser) => browser.on('disconnected', () => {
      if (shared === launched) shared = undefined
    }), () => {
      if (shared === launched) shared = undefined
    })
  }
  return shared
}

/** Contexts the process keeps open from one file to the next (the browser suites' reset tabs, see tests/e2e/TabPool.ts). */
const kept = new WeakSet<BrowserContext>()

/** Marks `context` as kept for a later file: closeBrowserContexts leaves it open. */
export function keepBrowserContext(context: BrowserContext, keep: boolean): void {
  if (keep) kept.add(context)
  else kept.delete(context)
}

/** Closes every context still open in `browser` but the kept ones: what a file that used the shared browser leaves. */
export async function closeBrowserContexts(browser: Browser | undefined): Promise<void> {
  for (const context of browser?.contexts() ?? []) if (!kept.has(context)) await context.close().catch(() => {})
}

/**
 * Launches Debian's Chromium headless over a profile kept in `userDataDir`: what a page stores
 * (IndexedDB, cookies) survives closing its tabs, as on a person's own computer.
 */
export function launchPersistentBrowser(
  userDataDir: string, options: { viewport?: { width: number; height: number }; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}
