import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { CHROMIUM_PATH } from './requirements.ts'

/**
 * Playwright's own `--disable-features` list (playwright-core 1.65.1), which it passes before ours.
 * Chromium keeps only the last `--disable-features` of its command line, so ours must repeat it
 * (tests/e2e/browserLaunch.test.ts fails when Playwright's list has an entry this one lacks).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
]

/**
 * Chromium preloads the address bar's two popups as WebUI pages (chrome://omnibox-popup.top-chrome/)
 * in renderers of their own for every window, headless too, and keeps them busy while idle: about
 * 0.4 s of CPU for each browser context a test opens, and a steady load from every tab left open.
 * A headless browser never shows an address bar.
 */
const OMNIBOX_POPUPS = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']

/** The switches every test Chromium is started with (Playwright adds its defaults before them). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUPS].join(',')}`,
]

/** Launches Debian's Chromium headless, as CI runs it. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', ...CHROMIUM_ARGS] })
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
    args: CHROMIUM_ARGS,
  })
}
