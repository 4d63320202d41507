import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { SESSION_COOKIE } from '../../server/accounts/sessionCookie.ts'

/**
 * Saves a picture of `page` as `<name>.png` in the folder named by `SCREENSHOTS`, for a person to
 * look at; without it, nothing (a picture checks nothing, and costs Chromium an encode).
 */
export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  const folder = process.env.SCREENSHOTS
  if (!folder) return
  const path = join(folder, `${name}.png`)
  await page.screenshot({ path, fullPage })
  console.log(`screenshot of ${name.replace(/-/gu, ' ')}: ${path}`)
}

/** A browser context (its own cookies, like a separate person) with one tab open. */
export interface Person {
  context: BrowserContext
  page: Page
  /** Everything the page logged as an error, to assert a clean console. */
  errors: string[]
}

/** The window every person's tab starts with: a laptop's. */
export const PERSON_VIEWPORT = { width: 1280, height: 860 }

/** A new browser context as a person's: its own cookies and storage, in a laptop-sized window. */
export function newPersonContext(browser: Browser, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> {
  return browser.newContext({ viewport: PERSON_VIEWPORT, serviceWorkers })
}

/** Gives `context` the session cookie of `token` for the server at `baseUrl`. */
export function signIn(context: BrowserContext, baseUrl: string, token: string): Promise<void> {
  return context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl }])
}

/**
 * Opens a new context, signed in with `token` when given (the session cookie), else anonymous.
 * The app's service worker installs in it unless `serviceWorkers` is 'block'.
 */
export async function openPerson(browser: Browser, baseUrl: string, token?: string, serviceWorkers: 'allow' | 'block' = 'allow'): Promise<Person> {
  const context = await newPersonContext(browser, serviceWorkers)
  if (token) await signIn(context, baseUrl, token)
  const page = await context.newPage()
  return { context, page, errors: watchPageErrors(page) }
}

/** Everything `page` logs as an error from now on: uncaught errors, console errors and failed requests. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    // Failed requests are recorded below with their URL instead of the console's summary.
    if (message.type() === 'error' && !/^Failed to load resource/u.test(message.text())) errors.push(message.text())
  })
  page.on('response', (response) => {
    // A signed-out tab learns it is signed out from a 200 of /api/auth/session: every failed request counts.
    if (response.status() >= 400) {
      errors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`)
    }
  })
  return errors
}

/** The editor's editable element (TipTap's `.ProseMirror`). */
export function editorOf(page: Page) {
  return page.locator('.ProseMirror')
}

/** Waits until the save state reads `state` ('saved', 'saving', 'offline', 'reading'...). */
export async function waitForSaveState(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.locator(`.save-state[data-state="${state}"]`).waitFor({ timeout })
}

/** Puts the caret at the very end of the document and types `text`. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const editor = editorOf(page)
  await editor.click()
  await page.keyboard.press('Control+End')
  // ProseMirror reads a caret moved by the browser on 'selectionchange'; let it arrive first.
  await page.waitForFunction(() => {
    const selection = window.getSelection()
    const editor = document.querySelector('.ProseMirror')
    return Boolean(selection?.isCollapsed && editor?.lastElementChild?.contains(selection.focusNode))
  })
  await page.waitForTimeout(50)
  await page.keyboard.type(text)
}

/**
 * The editor's text as the person reads it, without the names on other people's carets: a caret
 * is a widget inside the text, and its label would otherwise split the word it stands in (a
 * caret left at "Bob w|rote" read as "Bob w\nbob\nrote"), so that a check for a phrase failed,
 * or a check for its absence passed, by where someone's caret happened to be. The carets are
 * hidden for the reading (an inline style, which a strict CSP allows from script) and shown again.
 */
export function editorText(page: Page): Promise<string> {
  return editorOf(page).evaluate((editor: HTMLElement) => {
    const carets = [...editor.querySelectorAll<HTMLElement>('.collab-caret')]
    for (const caret of carets) caret.style.display = 'none'
    try {
      return editor.innerText
    } finally {
      for (const caret of carets) caret.style.removeProperty('display')
    }
  })
}

/** Polls until the editor's text contains `text`. */
export async function expectEditorText(page: Page, text: string, timeout = 10_000): Promise<void> {
  await expect.poll(() => editorText(page), { timeout }).toContain(text)
}
