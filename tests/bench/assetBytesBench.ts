// `node tests/bench/assetBytesBench.ts [--rounds 3]` (needs the built client: `npm run build`)
// What a browser downloads to show a page: a real Chromium (playwright-core) opens /p/:pageId on
// a real server, cold (empty cache) and warm (a second visit in the same profile), and counts the
// bytes that crossed the wire per response (Chromium's encodedDataLength: headers + body as
// sent). Each visit is made twice side by side: with the browser's own Accept-Encoding (what
// users get now: the precompressed Brotli copies) and with `Accept-Encoding: identity`, which is
// what every browser got before the server sent precompressed files. Prints a Markdown table and
// writes it into docs/BENCHMARKS.md between its markers. A benchmark, not a test.
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, CDPSession } from 'playwright-core'
import { SESSION_COOKIE } from '../../server/accounts/sessionCookie.ts'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { launchBrowser } from '../support/browser.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { commandLineOption as option } from './commandLineOption.ts'

const ROUNDS = Number(option('rounds', '3'))
const DOC = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url))
const START = '<!-- bench:assets:start -->'
const END = '<!-- bench:assets:end -->'

/** Bytes on the wire for one visit, by kind of response. */
interface Visit { document: number; scripts: number; styles: number; api: number; other: number; requests: number; fromCache: number }

const log = (message: string) => process.stderr.write(`[asset bytes bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)

/** Opens the page once in `context` and sums what Chromium reports as received, until the editor shows and the network is quiet. */
async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage()
  const cdp: CDPSession = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const types = new Map<string, string>()
  const totals: Visit = { document: 0, scripts: 0, styles: 0, api: 0, other: 0, requests: 0, fromCache: 0 }
  cdp.on('Network.responseReceived', (event) => { types.set(event.requestId, event.type) })
  cdp.on('Network.loadingFinished', (event) => {
    const type = types.get(event.requestId) ?? 'Other'
    totals.requests += 1
    const bytes = event.encodedDataLength
    // Chromium reports nothing received for a response its HTTP cache answered.
    if (bytes === 0) totals.fromCache += 1
    if (type === 'Document') totals.document += bytes
    else if (type === 'Script') totals.scripts += bytes
    else if (type === 'Stylesheet') totals.styles += bytes
    else if (type === 'Fetch' || type === 'XHR') totals.api += bytes
    else totals.other += bytes
  })
  await page.goto(url)
  await page.locator('.ProseMirror').waitFor({ timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  await cdp.detach()
  await page.close()
  return totals
}

const total = (v: Visit) => v.document + v.scripts + v.styles + v.api + v.other
const kb = (bytes: number) => (bytes / 1000).toFixed(1)
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]

async function main(): Promise<void> {
  const loadBefore = loadavg().map((n) => n.toFixed(2))
  const server = await startTestServer()
  const browser = await launchBrowser()
  try {
    const user = await signUpUser(server.url, 'bytes')
    const { pageId } = await createSpaceWithPage(server.url, user.token, { title: 'Bytes on the wire' })
    const url = `${server.url}/p/${pageId}`
    const modes: Array<{ name: string; headers: Record<string, string> }> = [
      { name: 'precompressed (now: the browser\'s own Accept-Encoding)', headers: {} },
      { name: 'raw files (before: Accept-Encoding: identity)', headers: { 'Accept-Encoding': 'identity' } },
    ]
    const rows: string[] = []
    for (const mode of modes) {
      const cold: Visit[] = []
      const warm: Visit[] = []
      for (let round = 0; round < ROUNDS; round++) {
        // A fresh context is a fresh profile: an empty HTTP cache.
        const context = await browser.newContext({ extraHTTPHeaders: mode.headers })
        await context.addCookies([{ name: SESSION_COOKIE, value: user.token, url: server.url }])
        cold.push(await visit(context, url))
        warm.push(await visit(context, url))
        await context.close()
      }
      log(`${mode.name}: cold ${kb(median(cold.map(total)))} KB, warm ${kb(median(warm.map(total)))} KB`)
      for (const [when, visits] of [['cold', cold], ['warm', warm]] as const) {
        const m = (pick: (v: Visit) => number) => kb(median(visits.map(pick)))
        rows.push(`| ${mode.name} | ${when} | ${m((v) => v.scripts)} | ${m((v) => v.styles)} | ${m((v) => v.document)} | ${m((v) => v.api)} | ${m((v) => v.other)} | **${m(total)}** | ${median(visits.map((v) => v.requests))} (${median(visits.map((v) => v.fromCache))} from the cache) |`)
      }
    }
    const lines = [
      `Bytes a real Chromium received to open an empty page (/p/:pageId) until the editor shows and the network is quiet: headers and bodies as sent, per kind of response, median of ${ROUNDS} visits. Cold: a fresh profile. Warm: the same profile opening the page again. The websocket is not counted. KB = 1,000 bytes.`,
      '',
      '| served as | visit | scripts KB | styles KB | page KB | API KB | other KB | total KB | responses |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Chromium ${browser.version()}, ${onPostgres ? 'Postgres server' : 'PGlite'}; machine ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.join(' / ')} before and ${loadavg().map((n) => n.toFixed(2)).join(' / ')} after (1, 5, 15 min), shared with other work. Measured ${new Date().toISOString().slice(0, 10)} by \`node tests/bench/assetBytesBench.ts\`.`,
    ]
    const table = lines.join('\n')
    console.log(table)
    const doc = readFileSync(DOC, 'utf8')
    const at = doc.indexOf(START)
    const end = doc.indexOf(END)
    if (at < 0 || end < at) throw new Error(`docs/BENCHMARKS.md has no ${START} … ${END} markers`)
    writeFileSync(DOC, `${doc.slice(0, at + START.length)}\n${table}\n${doc.slice(end)}`)
    log('wrote docs/BENCHMARKS.md')
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()
