import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BenchResults } from './BenchResults.ts'
import { formatGoals } from './formatGoals.ts'

const DOC = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url))
const START = '<!-- bench:results:start -->'
const END = '<!-- bench:results:end -->'

/** The generated part of docs/BENCHMARKS.md: conditions, table, goals, errors. */
export function formatResultsSection(run: BenchResults, table: string): string {
  const m = run.machine
  const errors = run.targets.flatMap((t) => t.errors.map((e) => `- ${t.label}: ${e}`))
  return [
    `Run of ${run.date.slice(0, 16).replace('T', ' ')} UTC (\`npm run bench${run.mode === 'quick' ? ' -- --quick' : ''}\`, ${run.durationSeconds} s).`,
    '',
    `- Node ${m.node} on ${m.os}; ${m.cores} × ${m.cpu}; ${m.memoryGb} GB memory.`,
    `- Load average (1/5/15 min) before: ${m.loadBefore.join(' / ')}; after: ${m.loadAfter.join(' / ')}.${run.note ? ` ${run.note}` : ''}`,
    `- Traces: ${run.traces.map((t) => `${t.name} (${t.edits.toLocaleString('en-US')} edits${t.synthetic ? ', synthetic' : ''})`).join(' (sequential), ')} (two authors); ${run.workers} client processes.`,
    '',
    table,
    '',
    'Goals:',
    '',
    formatGoals(run),
    ...(errors.length ? ['', 'Errors during the run:', '', ...errors] : []),
  ].join('\n')
}

/** Puts the run's section between the markers of docs/BENCHMARKS.md (the hand-written rest stays). */
export function writeBenchmarksDoc(run: BenchResults, table: string): string {
  const section = `${START}\n${formatResultsSection(run, table)}\n${END}`
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`
  const start = doc.indexOf(START)
  const end = doc.indexOf(END)
  doc = start >= 0 && end > start ? `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}` : `${doc.trimEnd()}\n\n${section}\n`
  mkdirSync(new URL('../../docs/', import.meta.url), { recursive: true })
  writeFileSync(DOC, doc)
  return 'docs/BENCHMARKS.md'
}
