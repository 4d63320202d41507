// `node tests/bench/searchBench.ts [--pages 10000] [--rounds 5] [--postgres <url>] [--targets pglite,postgres] [--keep <db name>]
//   [--fill-concurrency 1]`
// (A kept database that exists already is reused: filled once, measured many times.)
// Search query time over many generated pages, on the embedded PGlite and on a Postgres
// server: builds the pages and their search documents, then times every query of a mix
// (names, misspellings, Cyrillic, search-as-you-type prefixes, common and rare words) and
// prints p50/p95/max per kind as one Markdown table. A benchmark, not a test.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import pLimit from 'p-limit'
import { normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { insertUser } from '../../server/accounts/userQueries.ts'
import type { Db } from '../../server/core/db/Db.ts'
import { migrate } from '../../server/core/db/migrate.ts'
import { openDb } from '../../server/core/db/openDb.ts'
import { insertPage, updatePageText } from '../../server/pages/pageQueries.ts'
import { loadSeedPages, seedPageText } from '../../server/seed/parseSeedPage.ts'
import { refreshSearchDocument } from '../../server/search/refreshSearchDocument.ts'
import { searchPages } from '../../server/search/searchPages.ts'
import { insertSpace, upsertMembership } from '../../server/spaces/spaceQueries.ts'
import { seededRandom } from '../support/seededRandom.ts'
import { commandLineOption as option } from './commandLineOption.ts'

type Target = 'pglite' | 'postgres'

const PAGES = Number(option('pages', '10000'))
const ROUNDS = Number(option('rounds', '5'))
const POSTGRES_URL = option('postgres', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
const TARGETS = option('targets', 'pglite,postgres').split(',') as Target[]
/** Keep the generated Postgres database (named here) instead of dropping it, to study plans. */
const KEEP = option('keep', '')
const SPACES = 10
const READABLE_SPACES = 7
/**
 * Pages written at once while filling: 1 by default, so "indexing one page" times one writer
 * alone; more fills a large kept database sooner (the row then times a writer among others).
 */
const FILL_CONCURRENCY = Number(option('fill-concurrency', '1'))

/** Queries by kind; prefixes are typed letter by letter, as the search box sends them. */
const typing = (word: string) => Array.from({ length: word.length - 1 }, (_, i) => word.slice(0, i + 2))
const QUERIES: Record<string, string[]> = {
  'name': ['Novocherkassk', 'Konchalovsky', 'Khrushchev', 'Mikoyan', 'Kozlov'],
  'misspelt': ['Novocherkask', 'Novochoerkassk', 'Konchalovskiy', 'Krushchev', 'Mikojan'],
  'Cyrillic': ['Новочеркасск', 'Кончаловский', 'Хрущёв'],
  'as you type': [...typing('Novocherkassk'), ...typing('strike')],
  'common words': ['workers', 'the review', 'June 1962', 'film'],
  'two or three words': ['Novocherkassk massacre', 'Dear Comrades', 'presidential commission archives'],
  'no match': ['zyzzyvas', 'qwxv plorth'],
}

function log(message: string): void {
  process.stderr.write(`[search bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** Words to write pages with: the seeded encyclopedia's vocabulary plus invented names. */
function vocabulary(random: () => number): string[] {
  const words = new Set<string>()
  for (const page of loadSeedPages()) for (const word of seedPageText(page.doc).match(/[\p{L}\p{N}]+/gu) ?? []) words.add(word)
  const syllables = ['ka', 'lo', 'vin', 'ser', 'mi', 'dra', 'tov', 'ne', 'ush', 'pol', 'gri', 'an', 'zhe', 'bor', 'ek']
  for (let i = 0; i < 5_000; i++) {
    const length = 2 + Math.floor(random() * 3)
    const name = Array.from({ length }, () => syllables[Math.floor(random() * syllables.length)]).join('')
    words.add(name[0].toUpperCase() + name.slice(1))
  }
  return [...words]
}

/** A word drawn with a Zipf-like skew: a few words are everywhere, most are rare. */
function pick(words: string[], random: () => number): string {
  return words[Math.floor(words.length * random() ** 3)]
}

async function openTarget(target: Target): Promise<{ db: Db; label: string; drop: () => Promise<void> }> {
  if (target === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'palimpsest-search-bench-'))
    const db = await openDb({ dataDir })
    return { db, label: 'PGlite (embedded)', drop: async () => { await db.close(); rmSync(dataDir, { recursive: true, force: true }) } }
  }
  const name = KEEP || `palimpsest_search_bench_${randomBytes(4).toString('hex')}`
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL })
    await client.connect()
    try { await client.query(sql) } finally { await client.end() }
  }
  // A kept database that exists already is reused as it is (filled by an earlier run).
  const admin1 = new pg.Client({ connectionString: POSTGRES_URL })
  await admin1.connect()
  const exists = (await admin1.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]).finally(() => admin1.end())).rowCount
  if (!exists) await admin(`CREATE DATABASE ${name}`)
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  const db = await openDb({ url: url.toString() })
  const version = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0].v
  return { db, label: `Postgres ${version}`, drop: async () => { await db.close(); if (!KEEP) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) } }
}

/** Makes the spaces and pages (title and text through the domain's own queries) and indexes them. */
async function generate(db: Db): Promise<{ userId: string; buildMs: number; indexMs: number[] }> {
  const random = seededRandom(1962)
  const words = vocabulary(random)
  const seedTitles = loadSeedPages().map((page) => page.title)
  const user = (await insertUser(db, `reader_${randomBytes(3).toString('hex')}`, null, false))!
  const spaceIds: string[] = []
  for (let s = 0; s < SPACES; s++) {
    const space = (await insertSpace(db, { slug: `bench-${s}`, name: `Bench ${s}`, visibility: 'private' }, null))!
    if (s < READABLE_SPACES) await upsertMembership(db, space.id, user.id, 'viewer')
    spaceIds.push(space.id)
  }
  const started = performance.now()
  const indexMs: number[] = []
  // Pages are drawn in order from the seeded generator (the same wiki every run) and written
  // by FILL_CONCURRENCY writers at once, each page through the same three queries.
  const limit = pLimit(FILL_CONCURRENCY)
  const writes: Promise<void>[] = []
  for (let i = 0; i < PAGES; i++) {
    const titleWords = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(words, random))
    const title = i < seedTitles.length ? seedTitles[i] : `${titleWords.join(' ')} ${i}`
    const text = Array.from({ length: 150 + Math.floor(random() * 450) }, () => pick(words, random)).join(' ')
    const spaceId = spaceIds[i % SPACES]
    writes.push(limit(async () => {
      const page = (await insertPage(db, { spaceId, title, titleKey: normalizeTitle(title), slug: slugify(title) || 'page', createdBy: null }))!
      await updatePageText(db, page.id, text)
      const indexing = performance.now()
      await refreshSearchDocument(db, page.id)
      indexMs.push(performance.now() - indexing)
      if (indexMs.length % 2_000 === 0) log(`${indexMs.length} pages`)
    }))
    // Not too many pages waiting in memory at once.
    if (writes.length >= 1_000) await Promise.all(writes.splice(0))
  }
  await Promise.all(writes)
  return { userId: user.id, buildMs: performance.now() - started, indexMs }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** What one target measured. */
interface TargetResult { label: string; buildMs: number; indexMs: number[]; kinds: Record<string, number[]> }

async function measure(target: Target): Promise<TargetResult> {
  const { db, label, drop } = await openTarget(target)
  try {
    await migrate(db)
    const [kept] = await db.query<{ pages: number; userId: string | null }>(
      "SELECT (SELECT count(*)::int FROM pages) AS pages, (SELECT id FROM users WHERE username LIKE 'reader\\_%' LIMIT 1) AS \"userId\"")
    const reused = KEEP !== '' && target === 'postgres' && kept.pages >= PAGES && kept.userId !== null
    if (reused) log(`${label}: reusing the ${kept.pages} pages of the kept database ${KEEP}`)
    else log(`${label}: generating ${PAGES} pages`)
    const { userId, buildMs, indexMs } = reused ? { userId: kept.userId!, buildMs: 0, indexMs: [] } : await generate(db)
    await db.query('ANALYZE')
    const actor = { userId, username: 'reader' }
    const kinds: Record<string, number[]> = {}
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [kind, queries] of Object.entries(QUERIES)) {
        for (const q of queries) {
          const started = performance.now()
          await searchPages(db, actor, { q, limit: 20 })
          // Round 0 warms caches and plans; it is not counted.
          if (round > 0) (kinds[kind] ??= []).push(performance.now() - started)
        }
      }
    }
    return { label, buildMs, indexMs, kinds }
  } finally {
    await drop()
  }
}

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1))

async function main(): Promise<void> {
  const loadBefore = loadavg().map((n) => n.toFixed(2))
  const results: TargetResult[] = []
  for (const target of TARGETS) results.push(await measure(target))
  const lines = [
    `Search over ${PAGES.toLocaleString('en-US')} generated pages (150–600 words each, ${SPACES} spaces, the reader may read ${READABLE_SPACES}); `
      + `time of one search (readable spaces + query + snippets, 20 results), ${ROUNDS} rounds after one warm-up. Milliseconds.`,
    '',
    `| query kind | ${results.map((r) => `${r.label} p50 | p95 | max`).join(' | ')} |`,
    `| --- | ${results.map(() => '---: | ---: | ---:').join(' | ')} |`,
  ]
  const row = (name: string, pick: (r: TargetResult) => number[]) => {
    const cells = results.map((r) => {
      const values = pick(r).toSorted((a, b) => a - b)
      if (values.length === 0) return '– | – | –'
      return `${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(values[values.length - 1])}`
    })
    lines.push(`| ${name} | ${cells.join(' | ')} |`)
  }
  for (const kind of Object.keys(QUERIES)) row(kind, (r) => r.kinds[kind])
  row('**all queries**', (r) => Object.values(r.kinds).flat())
  row('indexing one page (rebuild its search document)', (r) => r.indexMs)
  lines.push('', `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.join(' / ')} before the run `
    + `and ${loadavg().map((n) => n.toFixed(2)).join(' / ')} after (1, 5, 15 min); numbers mean little on a busy machine.`)
  lines.push('', `Building the ${PAGES.toLocaleString('en-US')} pages and their search documents: `
    + results.map((r) => (r.buildMs ? `${r.label} ${(r.buildMs / 1000).toFixed(0)} s` : `${r.label} reused from an earlier run (\`--keep\`)`)).join(', ')
    + '; filled through the server’s own queries (insert page, page text, search document), not through editors.')
  console.log(lines.join('\n'))
}

await main()
