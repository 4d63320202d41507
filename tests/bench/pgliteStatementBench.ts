// What one statement costs on PGlite: through PgliteDb (statements prepared once, as shipped)
// against PGlite's own query() (parsed, described and planned every time), on this thread.
// Both databases are fresh folders holding the same table; the two ways run in alternating
// blocks so that a change in the machine's load falls on both.
//   node tests/bench/pgliteStatementBench.ts [--statements 3000] [--rounds 4]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PgliteDb } from '../../server/core/db/PgliteDb.ts'
import { commandLineOption as option } from './commandLineOption.ts'
import { describeMachine } from './describeMachine.ts'
import { summarize } from './latencyStats.ts'

const statements = Number(option('statements', '3000'))
const rounds = Number(option('rounds', '4'))
const folder = mkdtempSync(join(tmpdir(), 'palimpsest-statement-bench-'))

const TABLE = 'CREATE TABLE rows (id int PRIMARY KEY, body text NOT NULL)'
const FILL = `INSERT INTO rows SELECT g, repeat('word ', 40) FROM generate_series(1, 100) g`
const SELECT = 'SELECT body FROM rows WHERE id = $1'
const UPDATE = 'UPDATE rows SET body = $2 WHERE id = $1'

type Query = (sql: string, params: unknown[]) => Promise<unknown>

const prepared = await PgliteDb.open(join(folder, 'prepared'), { sharedBuffersMb: 16 })
const plain = await PGlite.create({ dataDir: join(folder, 'plain'), parsers: { 20: (value: string) => Number(value) } })
await prepared.exec(`${TABLE}; ${FILL}`)
await plain.exec(`${TABLE}; ${FILL}`)
const ways: Record<string, Query> = {
  'PgliteDb (prepared once, as shipped)': (sql, params) => prepared.query(sql, params),
  'PGlite query()': (sql, params) => plain.query(sql, params),
}

/** Microseconds per statement, wall and CPU, over `statements` runs of `sql`. */
async function measure(query: Query, sql: string): Promise<{ time: number; cpu: number }> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < statements; i++) await query(sql, sql === SELECT ? [i % 100 + 1] : [i % 100 + 1, `edit ${i}`])
  const used = process.cpuUsage(cpu)
  return { time: (performance.now() - started) * 1000 / statements, cpu: (used.user + used.system) / statements }
}

const results = new Map<string, { time: number[]; cpu: number[] }>()
for (const query of Object.values(ways)) for (const sql of [SELECT, UPDATE]) await measure(query, sql) // warm-up
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? Object.entries(ways) : Object.entries(ways).reverse()
  for (const [name, query] of order) {
    for (const sql of [SELECT, UPDATE]) {
      const key = `${name}|${sql === SELECT ? 'select a row by key' : 'update a row by key'}`
      const { time, cpu } = await measure(query, sql)
      const entry = results.get(key) ?? { time: [], cpu: [] }
      entry.time.push(time)
      entry.cpu.push(cpu)
      results.set(key, entry)
    }
  }
}
await prepared.close()
await plain.close()
rmSync(folder, { recursive: true, force: true })

const median = (values: number[]) => summarize(values).p50
const machine = describeMachine()
console.log(`${machine.cpu} × ${machine.cores}, Node ${machine.node}, load average ${machine.loadBefore.join(' / ')} before; ${rounds} rounds of ${statements} statements each way, alternated; medians of the rounds\n`)
console.log('| statement | way | time per statement | CPU per statement |')
console.log('| --- | --- | ---: | ---: |')
for (const [key, { time, cpu }] of [...results].sort(([a], [b]) => a.split('|')[1]!.localeCompare(b.split('|')[1]!))) {
  const [name, statement] = key.split('|')
  console.log(`| ${statement} | ${name} | ${median(time).toFixed(0)} µs | ${median(cpu).toFixed(0)} µs |`)
}
