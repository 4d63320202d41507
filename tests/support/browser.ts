import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { CHROMIUM_PATH } from './requirements.ts'

/** Launches Debian's Chromium headless, as CI runs it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
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
