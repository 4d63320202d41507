// Runs the reliability scenarios and prints their figures as a table; with --write, also
// writes docs/RELIABILITY.md. The scenarios assert behaviour only; the figures (counts,
// recovery times, memory) are observations printed here, never assertions.
//
//   node tests/reliability/report.ts [--write] [--full]
//
// --full sets RELIABILITY_FULL=1 (longer soak, more rounds and inputs). Set TEST_DATABASE_URL
// to run on a Postgres server (as CI does), RELIABILITY_SEED to replay a run.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScenarioFigures } from './support/scenarioFigures.ts'
import { renderDetails, renderTable } from './support/renderReport.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const write = process.argv.includes('--write')
const full = process.argv.includes('--full')
const dir = mkdtempSync(join(tmpdir(), 'palimpsest-reliability-'))
const started = Date.now()
const load = loadavg()[0]

// One file at a time, so that the scenarios do not compete with each other for the CPU.
const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/reliability', '--fileParallelism=false'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RELIABILITY_FIGURES_DIR: dir, ...(full ? { RELIABILITY_FULL: '1' } : {}) },
})
const minutes = ((Date.now() - started) / 60_000).toFixed(1)

const figures = new Map<string, ScenarioFigures>()
for (const name of readdirSync(dir)) {
  const f = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ScenarioFigures
  figures.set(f.scenario, f)
}
rmSync(dir, { recursive: true, force: true })

const database = process.env.TEST_DATABASE_URL ? 'a Postgres server (TEST_DATABASE_URL)' : 'embedded PGlite'
const environment = `${new Date().toISOString().slice(0, 10)}, ${full ? 'full length (RELIABILITY_FULL=1)' : 'CI length'}, `
  + `${database}, Node ${process.versions.node}, ${cpus().length} CPUs (load average ${load.toFixed(1)} at the start), `
  + `suite ${minutes} min, vitest exit code ${run.status}`
const table = renderTable(figures)
console.log(`\nReliability figures — ${environment}\n\n${table}\n`)

if (write) {
  const template = readFileSync(join(root, 'tests/reliability/RELIABILITY.template.md'), 'utf8')
  const document = template
    .replace('{{environment}}', environment)
    .replace('{{table}}', table)
    .replace('{{details}}', renderDetails(figures))
  writeFileSync(join(root, 'docs/RELIABILITY.md'), document)
  console.log('wrote docs/RELIABILITY.md')
}
process.exitCode = run.status ?? 1
