// `node tests/bench/transferBench.ts [--pages 1000] [--postgres <url>] [--targets pglite,postgres]`
// Import and export of a whole space: builds a zip of generated Markdown pages (the seeded
// encyclopedia's vocabulary, wiki links between the pages), imports it into an empty space
// through the API, exports the space again, and prints the times and sizes as one Markdown
// table (docs/BENCHMARKS.md, "Import and export"). A benchmark, not a test.
import { cpus, loadavg } from 'node:os'
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { loadSeedPages, seedPageText } from '../../server/seed/parseSeedPage.ts'
import { api, signUpUser } from '../support/api.ts'
import { seededRandom } from '../support/seededRandom.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { commandLineOption as option } from './commandLineOption.ts'

const PAGES = Number(option('pages', '1000'))
const POSTGRES_URL = option('postgres', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
const TARGETS = option('targets', 'pglite,postgres').split(',')

function log(message: string): void {
  process.stderr.write(`[transfer bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** A zip of `count` Markdown pages of about 300 words, each linking to three others. */
function makeArchive(count: number): Uint8Array {
  const random = seededRandom(21)
  const words = loadSeedPages().flatMap((page) => seedPageText(page.doc).match(/[\p{L}\p{N}]+/gu) ?? [])
  const pick = () => words[Math.floor(random() * words.length)]
  const files: Zippable = {}
  for (let i = 0; i < count; i += 1) {
    const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 60 }, pick).join(' '))
    const links = Array.from({ length: 3 }, () => `[[Page ${Math.floor(random() * count)}]]`).join(', ')
    files[`Page ${i}.md`] = strToU8(`---\ntitle: Page ${i}\n---\n\n## Notes\n\n${paragraphs.join('\n\n')}\n\nSee ${links}.\n`)
  }
  return zipSync(files, { level: 6 })
}

const zip = makeArchive(PAGES)
const rows: string[] = []
for (const target of TARGETS) {
  if (target === 'postgres') process.env.TEST_DATABASE_URL = POSTGRES_URL
  else delete process.env.TEST_DATABASE_URL
  // testDatabase reads the variable when it is imported: a fresh import per target.
  const { createTestDatabase } = await import(`../support/testDatabase.ts?${target}`) as typeof import('../support/testDatabase.ts')
  const server = await startTestServer({ database: await createTestDatabase() })
  try {
    const user = await signUpUser(server.url, 'bench')
    const space = (await api(server.url, 'POST', '/api/spaces', { token: user.token, body: { name: 'Bench', visibility: 'private' } })).body
    log(`${target}: importing ${PAGES} pages (${(zip.length / 1024).toFixed(0)} KB zip)`)
    let started = performance.now()
    const response = await fetch(`${server.url}/api/spaces/${space.id}/import`, {
      method: 'POST', headers: { 'content-type': 'application/zip', authorization: `Bearer ${user.token}` }, body: new Blob([zip.slice()]),
    })
    const report = await response.json() as { imported: unknown[] }
    const importMs = performance.now() - started
    if (response.status !== 200 || report.imported.length !== PAGES) throw new Error(`import answered ${response.status}`)
    log(`${target}: exporting`)
    started = performance.now()
    const exported = new Uint8Array(await (await fetch(`${server.url}/api/spaces/${space.id}/export`, { headers: { authorization: `Bearer ${user.token}` } })).arrayBuffer())
    const exportMs = performance.now() - started
    const files = Object.keys(unzipSync(exported)).length
    rows.push(`| ${target === 'pglite' ? 'PGlite' : 'Postgres'} | ${PAGES} | ${(zip.length / 1024).toFixed(0)} KB | ${(importMs / 1000).toFixed(1)} s (${(importMs / PAGES).toFixed(1)} ms/page) | ${(exportMs / 1000).toFixed(1)} s (${(exportMs / PAGES).toFixed(1)} ms/page) | ${(exported.length / 1024).toFixed(0)} KB, ${files} files |`)
  } finally {
    await server.close()
  }
}
console.log(`\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load ${loadavg()[0].toFixed(1)}, ${new Date().toISOString().slice(0, 10)}\n`)
console.log('| database | pages | zip in | import (one transaction, then links, search, first revisions) | export | zip out |')
console.log('| --- | --- | --- | --- | --- | --- |')
console.log(rows.join('\n'))
