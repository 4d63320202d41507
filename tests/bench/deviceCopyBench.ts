// `node tests/bench/deviceCopyBench.ts [--rounds 10]` (TEST_DATABASE_URL set = a Postgres server,
// else PGlite): how soon a page opens from its device copy (IndexedDB) in Chromium, before the
// collaboration server answers. One signed-in person, a page of 200 paragraphs (about 60 KB of
// text), a persistent Chromium profile. Each round navigates to the page and records, in the
// page, the time from the start of navigation until the editor shows the page's last
// paragraph, three ways: the collaboration socket never answers (the device copy alone), no
// device copy ("Keep pages on this device" off: the server's text), and both as usual. Beside
// it, the page's own User Timing measures: from opening the page's document to the device
// copy applied (`palimpsest:device-copy-applied`) and to the server's first sync
// (`palimpsest:server-synced`) — what the device copy costs and saves, without the app's
// loading. Prints a Markdown table; this is a benchmark, not a test.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { SESSION_COOKIE } from '../../server/accounts/sessionCookie.ts'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { launchPersistentBrowser } from '../support/browser.ts'
import { appendParagraph, connectProvider, waitFor } from '../support/providers.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { summarize, type Summary } from './latencyStats.ts'

const at = process.argv.indexOf('--rounds')
const ROUNDS = at >= 0 ? Number(process.argv[at + 1]) : 10
const PARAGRAPHS = 200
const LAST = `Paragraph ${PARAGRAPHS} ends the page.`

const log = (message: string) => process.stderr.write(`[device copy bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

/** Records, from the start of navigation, when the editor first shows `marker`. */
function watchForText(marker: string): void {
  const check = () => {
    const editor = document.querySelector('.ProseMirror')
    if (!editor?.textContent?.includes(marker)) return false
    ;(window as unknown as { shownAt: number }).shownAt = performance.now()
    return true
  }
  const observer = new MutationObserver(() => { if (check()) observer.disconnect() })
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }))
}

/** The page's User Timing measure `name` (ms), once it exists. */
async function measured(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((entry) => performance.getEntriesByName(entry)[0]?.duration, name, { timeout: 30_000 })
  return (await handle.jsonValue()) as number
}

async function timeToText(page: Page, url: string): Promise<number> {
  await page.goto(url)
  await page.waitForFunction(() => typeof (window as unknown as { shownAt?: number }).shownAt === 'number', undefined, { timeout: 30_000 })
  return page.evaluate(() => (window as unknown as { shownAt: number }).shownAt)
}

const server = await startTestServer()
const dir = await mkdtemp(join(tmpdir(), 'palimpsest-bench-profile-'))
try {
  const ann = await signUpUser(server.url, 'ann')
  const { pageId } = await createSpaceWithPage(server.url, ann.token, { title: 'A long page' })
  const writer = await connectProvider(server.wsUrl, pageId, { token: ann.token })
  for (let i = 1; i < PARAGRAPHS; i++) appendParagraph(writer.doc, `Paragraph ${i}: ${'the strike at the locomotive works spread to the town, '.repeat(5)}`)
  appendParagraph(writer.doc, LAST)
  await waitFor(() => writer.provider.unsyncedChanges === 0, 'the page stored')
  writer.destroy()

  const context = await launchPersistentBrowser(dir)
  await context.addCookies([{ name: SESSION_COOKIE, value: ann.token, url: server.url }])
  const collab = { answer: true }
  // A silent socket: opened, never answered (the server far away), until the round lets it through.
  await context.routeWebSocket(/\/collab$/u, (socket) => { if (collab.answer) socket.connectToServer() })
  await context.addInitScript(watchForText, LAST)
  const page = await context.newPage()
  const url = `${server.url}/p/${pageId}`
  // Warm up: the browser's cache holds the app, the device copy holds the page.
  await timeToText(page, url)
  await page.waitForSelector('.save-state[data-state="saved"]')

  const times: Record<'device' | 'server' | 'both', number[]> = { device: [], server: [], both: [] }
  const applied: number[] = []
  const synced: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    collab.answer = false
    times.device.push(await timeToText(page, url))
    applied.push(await measured(page, 'palimpsest:device-copy-applied'))
    collab.answer = true
    times.both.push(await timeToText(page, url))
    await page.waitForSelector('.save-state[data-state="saved"]')
    await page.evaluate(() => localStorage.setItem('palimpsest.keepPagesOnDevice', 'off'))
    times.server.push(await timeToText(page, url))
    synced.push(await measured(page, 'palimpsest:server-synced'))
    await page.evaluate(() => localStorage.removeItem('palimpsest.keepPagesOnDevice'))
    log(`round ${round + 1}: device ${ms(times.device.at(-1)!)} ms (applied after ${ms(applied.at(-1)!)}), server ${ms(times.server.at(-1)!)} ms (synced after ${ms(synced.at(-1)!)}), both ${ms(times.both.at(-1)!)} ms`)
  }
  await context.close()

  const row = (label: string, summary: Summary) => `| ${label} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} |`
  console.log(`Navigation start → editor shows the last of ${PARAGRAPHS} paragraphs, ${ROUNDS} rounds (ms):\n`)
  console.log('| source of the text | p50 | p95 | max |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(row('device copy alone (collaboration server silent)', summarize(times.device)))
  console.log(row('server alone (no device copy)', summarize(times.server)))
  console.log(row('device copy and server (as usual)', summarize(times.both)))
  console.log(`\nOpening the page's document → its text in the editor, ${ROUNDS} rounds (ms):\n`)
  console.log('| from | p50 | p95 | max |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(row('the device copy (IndexedDB read and applied)', summarize(applied)))
  console.log(row('the server (first sync over the websocket)', summarize(synced)))
} finally {
  await rm(dir, { recursive: true, force: true })
  await server.close()
}
