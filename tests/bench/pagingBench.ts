// `node tests/bench/pagingBench.ts [--pages 20000] [--backlinks 10000] [--rounds 20]`
// (TEST_DATABASE_URL set = a Postgres server, else PGlite): long lists, whole and paged. Fills
// one space through the server's own commands (pages; their links as the link indexer stores
// them: `--backlinks` pages link to one hub page and to a red link each), then times over HTTP on
// a real server the space's page list, the hub's backlinks, the orphaned and the wanted pages — the whole list as before, the
// first page of 100, and a page deep in the list (reached by its cursor), and the space's home
// (its page count). Prints a Markdown
// table and writes it into docs/BENCHMARKS.md between its markers. A benchmark, not a test.
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { storePageLinks } from '../../server/links/linkIndexer.ts'
import { insertPage, updatePageText } from '../../server/pages/pageQueries.ts'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { summarize, type Summary } from './latencyStats.ts'
import { commandLineOption as option } from './commandLineOption.ts'

const PAGES = Number(option('pages', '20000'))
const BACKLINKS = Math.min(PAGES - 1, Number(option('backlinks', '10000')))
const ROUNDS = Number(option('rounds', '20'))
// Red links: each linking page also links to one of these titles (two pages per title).
const WANTED = Math.max(1, Math.floor(BACKLINKS / 2))
const DOC = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url))
const START = '<!-- bench:paging:start -->'
const END = '<!-- bench:paging:end -->'

const log = (message: string) => process.stderr.write(`[paging bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

const loadBefore = loadavg().map((n) => n.toFixed(2))
const server = await startTestServer()
try {
  const { db } = server.palimpsest.services
  const user = await signUpUser(server.url, 'bench')
  const place = await createSpaceWithPage(server.url, user.token, { title: 'Hub', visibility: 'private' })
  log(`creating ${PAGES} pages, ${BACKLINKS} of them linking to the hub`)
  const started = performance.now()
  for (let i = 1; i < PAGES; i++) {
    const title = `Page ${i}`
    const page = await insertPage(db, { spaceId: place.spaceId, title, titleKey: normalizeTitle(title), slug: slugify(title), createdBy: user.id })
    if (i <= BACKLINKS) {
      const text = `Page ${i} goes back to the Hub, where the square and the letters are described.`
      await updatePageText(db, page!.id, text)
      await db.transaction((tx) => storePageLinks(tx, page!.id, [
        { target: 'Hub', label: 'Hub', snippet: { text, from: 22, to: 25 } },
        { target: `Wanted ${i % WANTED}`, label: 'square', snippet: { text, from: 34, to: 40 } },
      ]))
    }
    if (i % 5000 === 0) log(`${i} pages`)
  }
  const fillSeconds = (performance.now() - started) / 1000
  // Statistics, as autovacuum would gather after such a load.
  await db.query('ANALYZE')

  const get = async (path: string) => {
    const answer = await api(server.url, 'GET', path, { token: user.token })
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`)
    return answer
  }
  const next = (headers: Headers) => /^<([^>]+)>; rel="next"$/.exec(headers.get('link') ?? '')?.[1] ?? null
  /** The path of the page of results `depth` pages into a list, by following the cursors. */
  const deepPath = async (first: string, depth: number) => {
    let path = first
    for (let i = 0; i < depth; i++) path = next((await get(path)).headers) ?? path
    return path
  }
  const rows: string[] = []
  const row = (what: string, s: Summary, count: number, bytes: number) => rows.push(`| ${what} | ${s.count} | ${count.toLocaleString('en-US')} | ${(bytes / 1000).toFixed(0)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`)
  const time = async (what: string, path: string, rounds: number) => {
    await get(path)
    const times: number[] = []
    let count = 0
    let bytes = 0
    for (let i = 0; i < rounds; i++) {
      const start = performance.now()
      const answer = await get(path)
      times.push(performance.now() - start)
      count = Array.isArray(answer.body) ? answer.body.length : 1
      bytes = JSON.stringify(answer.body).length
    }
    row(what, summarize(times), count, bytes)
    log(`${what}: p50 ${ms(summarize(times).p50)} ms`)
  }
  const lists = [
    { name: 'page list', path: `/api/spaces/${place.spaceId}/pages`, total: PAGES, whole: 'whole (as before)', paged: '' },
    { name: 'hub backlinks', path: `/api/pages/${place.pageId}/backlinks`, total: BACKLINKS, whole: 'whole (as before)', paged: '' },
    { name: 'orphaned pages', path: `/api/spaces/${place.spaceId}/orphans`, total: PAGES - 1, whole: 'whole (as before)', paged: '' },
    { name: 'wanted pages', path: `/api/spaces/${place.spaceId}/wanted`, total: WANTED, whole: '100 most wanted (as before)', paged: 'order=title&' },
  ]
  for (const list of lists) {
    await time(`${list.name}, ${list.whole}`, list.path, Math.max(3, ROUNDS / 4))
    await time(`${list.name}, first 100`, `${list.path}?${list.paged}limit=100`, ROUNDS)
    const depth = Math.floor(list.total / 100 / 2)
    await time(`${list.name}, 100 at page ${depth + 1} of ${Math.ceil(list.total / 100)}`, await deepPath(`${list.path}?${list.paged}limit=100`, depth), ROUNDS)
  }
  // The space's home asks for its page count and its top level (Start here), not the page list.
  await time('space home (page count, Start here)', `/api/spaces/${place.spaceId}/overview`, ROUNDS)
  const table = [
    `${PAGES.toLocaleString('en-US')} pages in one space, ${BACKLINKS.toLocaleString('en-US')} of them linking to one hub page and to one of ${WANTED.toLocaleString('en-US')} titles that have no page (two pages each), filled through the server's own queries (pages, page text, links as the link indexer stores them) in ${fillSeconds.toFixed(0)} s, then \`ANALYZE\`. Times of one request over HTTP on localhost (signed in, private space), ${ROUNDS} rounds after one untimed (the whole lists fewer). "Whole" backlinks are capped at 500 by title, as before; wanted pages are paged by title (\`order=title\`).`,
    '',
    '| request | rounds | rows | JSON KB | p50 (ms) | p95 (ms) | max (ms) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `${onPostgres ? 'Postgres server' : 'PGlite'}; machine ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.join(' / ')} before and ${loadavg().map((n) => n.toFixed(2)).join(' / ')} after (1, 5, 15 min), shared with other work. Measured ${new Date().toISOString().slice(0, 10)} by \`node tests/bench/pagingBench.ts --pages ${PAGES} --backlinks ${BACKLINKS} --rounds ${ROUNDS}\`.`,
  ].join('\n')
  console.log(table)
  const doc = readFileSync(DOC, 'utf8')
  const at = doc.indexOf(START)
  const end = doc.indexOf(END)
  if (at < 0 || end < at) throw new Error(`docs/BENCHMARKS.md has no ${START} … ${END} markers`)
  writeFileSync(DOC, `${doc.slice(0, at + START.length)}\n${table}\n${doc.slice(end)}`)
  log('wrote docs/BENCHMARKS.md')
} finally {
  await server.close()
}
