// `node tests/bench/readersBench.ts [--pages 5000] [--rounds 200]` (TEST_DATABASE_URL set = a
// Postgres server, else PGlite): what readers wait for. Builds a space of N pages through the
// server's own commands (pages, their text, their links as the link indexer stores them: three
// links a page, one in ten a red link), then times over HTTP on a real server: link previews by
// page and by link target, a page's neighbourhood (1 and 2 hops), and the whole space's map —
// its server time (the query alone, in process) and its payload, raw and gzipped. Prints a
// Markdown table; this is a benchmark, not a test.
import { gzipSync } from 'node:zlib'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { spaceGraph } from '../../server/links/graphQueries.ts'
import { storePageLinks } from '../../server/links/linkIndexer.ts'
import { insertPage, updatePageText } from '../../server/pages/pageQueries.ts'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { seededRandom } from '../support/seededRandom.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { summarize, type Summary } from './latencyStats.ts'
import { commandLineOption as option } from './commandLineOption.ts'

const PAGES = Number(option('pages', '5000'))
const ROUNDS = Number(option('rounds', '200'))
const MAP_ROUNDS = 10

const log = (message: string) => process.stderr.write(`[readers bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))
const row = (what: string, s: Summary, extra = '') => `| ${what} | ${s.count} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} | ${extra} |`

async function timed(rounds: number, call: (i: number) => Promise<unknown>): Promise<Summary> {
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await call(i)
    times.push(performance.now() - start)
  }
  return summarize(times)
}

const server = await startTestServer()
try {
  const { db } = server.palimpsest.services
  const user = await signUpUser(server.url, 'bench')
  const place = await createSpaceWithPage(server.url, user.token, { title: 'Page 0', visibility: 'private' })
  const random = seededRandom(22)
  const ids = [place.pageId]
  log(`creating ${PAGES} pages`)
  for (let i = 1; i < PAGES; i++) {
    const title = `Page ${i}`
    const page = await insertPage(db, { spaceId: place.spaceId, title, titleKey: normalizeTitle(title), slug: slugify(title), createdBy: user.id })
    ids.push(page!.id)
  }
  log('writing text and links')
  for (let i = 0; i < PAGES; i++) {
    const targets = Array.from({ length: 3 }, (_, k) => (k === 2 && random() < 0.1 ? `Wanted ${Math.floor(random() * 500)}` : `Page ${Math.floor(random() * PAGES)}`))
    const text = `Page ${i} opens with a paragraph about the strike, the square and the letters that followed, linking ${targets.join(', ')}.\n\nA second paragraph.`
    await updatePageText(db, ids[i], text)
    await db.transaction((tx) => storePageLinks(tx, ids[i], targets.map((target) => ({ target, label: target, snippet: { text, from: 0, to: 4 } }))))
    if (i % 1000 === 999) log(`${i + 1} pages linked`)
  }

  // Statistics, as autovacuum would gather after such a load: without them the planner of a
  // freshly filled table picks nested loops over sequential scans (seconds instead of ms).
  await db.query('ANALYZE')

  const get = (path: string) => api(server.url, 'GET', path, { token: user.token })
  const pick = () => ids[Math.floor(random() * ids.length)]
  await get(`/api/pages/${pick()}/preview`)
  log('timing previews')
  const byPage = await timed(ROUNDS, () => get(`/api/pages/${pick()}/preview`))
  const byTarget = await timed(ROUNDS, (i) => get(`/api/spaces/${place.spaceId}/preview?target=${encodeURIComponent(i % 10 === 0 ? 'Nowhere yet' : `Page ${Math.floor(random() * PAGES)}`)}`))
  log('timing neighbourhoods')
  const near = await timed(ROUNDS / 4, () => get(`/api/pages/${pick()}/graph`))
  const near2 = await timed(ROUNDS / 4, () => get(`/api/pages/${pick()}/graph?depth=2`))
  log('timing the space map')
  let payload = ''
  const mapHttp = await timed(MAP_ROUNDS, async () => { payload = JSON.stringify((await get(`/api/spaces/${place.spaceId}/graph`)).body) })
  const mapQuery = await timed(MAP_ROUNDS, () => spaceGraph(db, place.spaceId))
  const map = JSON.parse(payload) as { nodes: unknown[]; edges: unknown[] }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`

  console.log(`Readers bench: ${PAGES} pages in one space, ${map.edges.length} links between them, ${map.nodes.length - PAGES} red links; ${onPostgres ? 'Postgres server' : 'PGlite'}; times in ms over HTTP on localhost unless said.\n`)
  console.log('| what | requests | p50 | p95 | max | |')
  console.log('| --- | ---: | ---: | ---: | ---: | --- |')
  console.log(row('link preview by page (`/pages/:id/preview`)', byPage))
  console.log(row('link preview by target (`/spaces/:id/preview?target=`)', byTarget, 'one in ten a red link'))
  console.log(row('page neighbourhood, 1 hop', near))
  console.log(row('page neighbourhood, 2 hops', near2))
  console.log(row('space map (`/spaces/:id/graph`)', mapHttp, `${map.nodes.length} nodes, ${map.edges.length} edges; ${kb(payload.length)} JSON, ${kb(gzipSync(payload).length)} gzipped`))
  console.log(row('space map, server query alone (in process)', mapQuery))
} finally {
  await server.close()
}
