import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_PATH } from './requirements.ts'

/** Launches Debian's Chromium headless, as CI runs it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  })
}
