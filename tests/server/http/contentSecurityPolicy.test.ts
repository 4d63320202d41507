import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../../server/accounts/sessionCookie.ts'
import { CLIENT_DIR } from '../../../server/http/serveClient.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { closeBrowserContexts, sharedBrowser } from '../../support/browser.ts'
import { hasChromium, requirePart } from '../../support/requirements.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { storedText } from '../accounts/collabWatch.ts'

const ready = hasChromium() && requirePart(existsSync(`${CLIENT_DIR}index.html`), 'the built client', 'run `npm run build` first')

describe.skipIf(!ready)('the Content-Security-Policy in a real browser', { timeout: 90_000 }, () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startTestServer()
    browser = await sharedBrowser()
  })
  afterAll(async () => {
    await closeBrowserContexts(browser)
    await server?.close()
  })

  it('lets the built client run, connect its websocket and save an edit without a single violation', async () => {
    const user = await signUpUser(server.url, 'csp')
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Under policy' })
    const context = await browser.newContext()
    await context.addCookies([{ name: SESSION_COOKIE, value: user.token, url: server.url }])
    // Chromium reports every blocked script, style, frame or connection as a securitypolicyviolation event.
    await context.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const page = await context.newPage()
    const response = await page.goto(`${server.url}/p/${pageId}`)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")

    const editor = page.locator('.ProseMirror[contenteditable="true"]')
    await editor.waitFor({ timeout: 20_000 })
    await editor.click()
    await page.keyboard.type('Typed under a strict policy.')
    await expect.poll(() => storedText(server.palimpsest.services.db, pageId), { timeout: 15_000 }).toContain('Typed under a strict policy.')
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
    await context.close()
  })

  it('cannot be framed by another site', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    // Chromium says so in the framing page's console when frame-ancestors refuses a frame.
    const refused = page.waitForEvent('console', { predicate: (message) => message.text().includes("frame-ancestors 'none'"), timeout: 15_000 })
    await page.setContent(`<iframe id="framed" src="${server.url}/"></iframe>`)
    expect((await refused).text()).toContain('has been blocked')
    const frame = await (await page.$('#framed'))!.contentFrame()
    expect(await frame?.$('#app')).toBeNull()
    await context.close()
  })
})
