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
 * but the process: a person is a browser context of their own, and `closeBrowserContexts` ends a
 * file with none left open. Playwright closes Chromium when the process exits.
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

/** Closes every context still open in `browser`: what a file that used the shared browser leaves. */
export async function closeBrowserContexts(browser: Browser | undefined): Promise<void> {
  for (const context of browser?.contexts() ?? []) await context.close().catch(() => {})
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
