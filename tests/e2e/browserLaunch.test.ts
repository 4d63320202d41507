import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, CDPSession } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, launchPersistentBrowser } from '../support/browser.ts'
import { hasChromium } from '../support/requirements.ts'

/** Every `--disable-features` list on the command line Chromium was started with, in order (from chrome://version). */
async function disabledFeatureLists(context: BrowserContext): Promise<string[][]> {
  const page = await context.newPage()
  await page.goto('chrome://version')
  const commandLine = await page.locator('#command_line').innerText()
  await page.close()
  return [...commandLine.matchAll(/--disable-features=(\S+)/g)].map((match) => match[1].split(','))
}

/** The URLs of the browser's own pages (its UI, not a test's tabs) that are running. */
async function browserUiPages(session: CDPSession): Promise<string[]> {
  const { targetInfos } = await session.send('Target.getTargets', { filter: [{}] })
  return targetInfos.filter((target) => target.type === 'browser_ui').map((target) => target.url)
}

/**
 * What the test browser is started with (tests/support/browser.ts): the switches that keep it
 * lean, checked against the Chromium and Playwright installed.
 */
describe.skipIf(!hasChromium())('the test Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let session: CDPSession

  beforeAll(async () => {
    browser = await launchBrowser()
    session = await browser.newBrowserCDPSession()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('keeps every feature Playwright turns off: Chromium reads only the last --disable-features', async () => {
    const context = await browser.newContext()
    const lists = await disabledFeatureLists(context)
    await context.close()
    expect(lists.length).toBeGreaterThan(1)
    const last = lists.at(-1)!
    for (const earlier of lists.slice(0, -1)) expect(last).toEqual(expect.arrayContaining(earlier))
  })

  it('opens no address-bar popups of its own for a new window', async () => {
    const context = await browser.newContext()
    await context.newPage()
    // The popups are preloaded right after the window opens; give them the time they took.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await browserUiPages(session)).toEqual([])
    await context.close()
  })

  it('starts a browser over a kept profile the same way', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'palimpsest-profile-'))
    let context: BrowserContext | undefined
    try {
      context = await launchPersistentBrowser(profile)
      const lists = await disabledFeatureLists(context)
      expect(lists.at(-1)).toEqual(expect.arrayContaining(['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', ...lists[0]]))
      const session = await context.newCDPSession(context.pages()[0] ?? await context.newPage())
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await browserUiPages(session)).toEqual([])
    } finally {
      await context?.close()
      rmSync(profile, { recursive: true, force: true })
    }
  })
})
