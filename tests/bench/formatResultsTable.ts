import type { BenchResults, TargetResult } from './BenchResults.ts'
import type { NotMeasured } from './measureFeatures.ts'
import type { Summary } from './latencyStats.ts'
import { LATENCY_SCENARIOS } from './measurePeerLatency.ts'
import { sustainedRate } from './measureThroughput.ts'

/** A row's numbers on one target, or why there are none. */
type Cell = { values: number[]; note?: string } | { text: string }

/** One line of the table: how to read it off a target, how to print it, what to divide by. */
interface Row {
  measure: string
  goal: string
  cell: (t: TargetResult, run: BenchResults) => Cell
  format: (values: number[]) => string
  /** The numbers the ratio divides by for a Palimpsest target; default: the bare target's cell. */
  base?: (t: TargetResult, bare: Cell) => number[] | null
}

const dash: Cell = { text: '—' }
const failed: Cell = { text: 'failed (see errors)' }
/** A workload without a result: failed if it reported an error, else not run (--only, --targets). */
function missing(t: TargetResult, workload: string): Cell {
  if (t.errors.some((e) => e.startsWith('start:'))) return { text: 'did not start' }
  return t.errors.some((e) => e.startsWith(workload)) ? failed : { text: 'not run' }
}

function ms(n: number): string {
  if (!Number.isFinite(n)) return 'n/a'
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
const count = (n: number) => Math.round(n).toLocaleString('en-US')
const isNotMeasured = (v: unknown): v is NotMeasured => typeof v === 'object' && v !== null && 'notMeasured' in v
const notYet = (reason: string): Cell => ({ text: `not measured yet (${reason})` })

function latencyRow(key: string, label: string, goal: string): Row {
  return {
    measure: `Edit → peer, ${label}: p50 / p95 / p99`,
    goal,
    cell: (t) => {
      const r = t.latency[key]
      if (!r) return missing(t, `latency ${key}`)
      return { values: [r.peer.p50, r.peer.p95, r.peer.p99], note: r.delivered < 0.999 ? `${(r.delivered * 100).toFixed(1)}% delivered` : undefined }
    },
    format: (v) => `${v.map(ms).join(' / ')} ms`,
  }
}

/** The diff row's numbers; a run recorded before computed and cached answers were timed apart has one summary of both. */
function diffCells(diff: { computed: Summary; cached: Summary } | Summary): number[] {
  return 'computed' in diff ? [diff.computed.p50, diff.computed.p95, diff.cached.p50] : [diff.p50, diff.p95]
}

/** Item-6 rows: measured on Palimpsest only; bare Hocuspocus has no such feature. */
function featureRow(measure: string, goal: string, read: (t: TargetResult, run: BenchResults) => number[] | NotMeasured | null, format: (v: number[]) => string): Row {
  return {
    measure,
    goal,
    cell: (t, run) => {
      if (t.target === 'bare') return dash
      const value = read(t, run)
      if (value === null) return missing(t, 'features')
      return isNotMeasured(value) ? notYet(value.notMeasured) : { values: value }
    },
    format,
    base: () => null,
  }
}

const ROWS: Row[] = [
  ...LATENCY_SCENARIOS.map((s) => latencyRow(s.key, s.label, s.key === 'editors100' ? 'p50 ≤ 1.5× bare, p99 < 50 ms' : '')),
  {
    measure: 'Sustained durable updates/s (100 editors on 50 pages; ack p95 ≤ 50 ms)',
    goal: '≥ 2,000/s',
    cell: (t) => {
      if (!t.throughput) return missing(t, 'throughput')
      const { steps, everyUpdateLogged } = t.throughput
      const sustained = sustainedRate(steps)
      const notes = [
        ...(everyUpdateLogged === false ? ['NOT every update logged'] : []),
        ...(sustained > 0 && sustained === steps.at(-1)?.offered ? ['the highest rate tried'] : []),
        ...(steps.some((s) => s.held && s.offered > sustained) ? [`held again at ${steps.filter((s) => s.held && s.offered > sustained).map((s) => count(s.offered)).join(', ')}/s`] : []),
      ]
      return { values: [sustained], note: notes.length ? notes.join('; ') : undefined }
    },
    format: (v) => `${count(v[0])}/s`,
  },
  {
    measure: 'Open the long page (whole sequential trace): connect → synced, median (p95)',
    goal: '< 250 ms cold',
    cell: (t) => {
      const c = t.coldOpen
      if (!c) return missing(t, 'cold open')
      const s = c.cold ?? c.warm
      return { values: [s.p50, s.p95], note: c.cold ? 'cold, from the database' : 'in memory: bare cannot open cold' }
    },
    format: (v) => `${ms(v[0])} ms (${ms(v[1])})`,
  },
  {
    measure: 'Same, page already open elsewhere (warm), median (p95)',
    goal: '',
    cell: (t) => (t.coldOpen ? { values: [t.coldOpen.warm.p50, t.coldOpen.warm.p95] } : missing(t, 'cold open')),
    format: (v) => `${ms(v[0])} ms (${ms(v[1])})`,
  },
  {
    measure: 'Bytes stored for that page after compaction (bare: Y.encodeStateAsUpdate of it)',
    goal: '≤ 1.5× encoded state',
    cell: (t) => {
      if (t.target === 'bare') return t.coldOpen ? { values: [t.coldOpen.encodedBytes], note: 'encoded state' } : missing(t, 'cold open')
      return t.storage ? { values: [t.storage.bytes], note: t.storage.logRows ? `${t.storage.logRows} log rows left` : undefined } : missing(t, 'stored bytes')
    },
    format: (v) => `${count(v[0])} B`,
    base: (t) => (t.coldOpen ? [t.coldOpen.encodedBytes] : null),
  },
  {
    measure: 'Server memory per idle connection: JS heap + buffers (RSS growth)',
    goal: '< 64 KB',
    cell: (t) => (t.memory ? { values: [t.memory.perConnectionHeap, t.memory.perConnectionRss] } : missing(t, 'memory')),
    format: (v) => `${kb(v[0])} (${kb(v[1])})`,
  },
  {
    measure: 'Server memory per loaded empty page: JS heap + buffers (RSS growth)',
    goal: '',
    cell: (t) => (t.memory ? { values: [t.memory.perPageHeap, t.memory.perPageRss] } : missing(t, 'memory')),
    format: (v) => `${kb(v[0])} (${kb(v[1])})`,
  },
  {
    measure: 'Server CPU per edit, 100 editors on one page (+ Postgres server CPU)',
    goal: '',
    cell: (t) => {
      const r = t.latency.editors100
      if (!r) return missing(t, 'latency editors100')
      return r.databaseCpuMsPerEdit === null ? { values: [r.serverCpuMsPerEdit] } : { values: [r.serverCpuMsPerEdit, r.databaseCpuMsPerEdit] }
    },
    format: (v) => `${ms(v[0])} ms${v.length > 1 ? ` (+ ${ms(v[1])} ms)` : ''}`,
  },
  featureRow('Backlink freshness: edit with a [[link]] → listed in backlinks, median (p95)', '≈ 1 s',
    (t) => (t.features ? (isNotMeasured(t.features.backlinkFreshness) ? t.features.backlinkFreshness : [t.features.backlinkFreshness.p50, t.features.backlinkFreshness.p95]) : null),
    (v) => `${ms(v[0])} ms (${ms(v[1])})`),
  featureRow('Search round trip over 10,000 pages, median (p95)', '',
    (t) => (t.features ? (isNotMeasured(t.features.search) ? t.features.search : [t.features.search.latency.p50, t.features.search.latency.p95, t.features.search.pages]) : null),
    (v) => `${ms(v[0])} ms (${ms(v[1])})${v[2] !== 10_000 ? ` over ${count(v[2])} pages` : ''}`),
  featureRow('History diff of the long page, half → whole trace: computed, median (p95); asked again (cached), median', '',
    (t) => (t.features ? (isNotMeasured(t.features.historyDiff) ? t.features.historyDiff : diffCells(t.features.historyDiff)) : null),
    (v) => (v.length === 2 ? `${ms(v[0])} ms (${ms(v[1])}), cached and computed together` : `${ms(v[0])} ms (${ms(v[1])}); ${ms(v[2])} ms`)),
  featureRow('Page open (page + its threads) with 500 threads × 5 comments, median: extra over no threads (with / without)', '≤ 100 ms',
    (t) => (t.features?.discussion ? (isNotMeasured(t.features.discussion) ? t.features.discussion
      : [t.features.discussion.openWith.p50 - t.features.discussion.openWithout.p50, t.features.discussion.openWith.p50, t.features.discussion.openWithout.p50, t.features.discussion.threads]) : null),
    (v) => `+${ms(v[0])} ms (${ms(v[1])} / ${ms(v[2])})${v[3] !== 500 ? ` with ${count(v[3])} threads` : ''}`),
  featureRow('Comment → a peer’s open page lists it, median (p95)', 'p95 ≤ 1 s',
    (t) => (t.features?.discussion ? (isNotMeasured(t.features.discussion) ? t.features.discussion : [t.features.discussion.commentToPeer.p50, t.features.discussion.commentToPeer.p95]) : null),
    (v) => `${ms(v[0])} ms (${ms(v[1])})`),
  featureRow('Page view JavaScript, gzipped (entry + page view + their imports)', '',
    (_t, run) => (isNotMeasured(run.pageViewJs) ? run.pageViewJs : [run.pageViewJs.gzipBytes]),
    (v) => kb(v[0])),
]

function render(cell: Cell, format: Row['format']): string {
  if ('text' in cell) return cell.text
  return `${format(cell.values)}${cell.note ? ` (${cell.note})` : ''}`
}

function ratio(cell: Cell, base: number[] | null): string {
  if ('text' in cell || !base || base.length === 0) return '—'
  const parts = cell.values.slice(0, base.length).map((v, i) => (base[i] > 0 && Number.isFinite(v) ? `${(v / base[i]).toFixed(2)}×` : 'n/a'))
  return parts.join(' / ')
}

/** The results as one Markdown table: absolute numbers and, per Palimpsest target, the ratio to bare Hocuspocus. */
export function formatResultsTable(run: BenchResults): string {
  const bare = run.targets.find((t) => t.target === 'bare')
  const others = run.targets.filter((t) => t.target !== 'bare')
  const header = ['measure', ...(bare ? [bare.label] : []), ...others.flatMap((t) => [t.label, 'ratio']), 'goal']
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`]
  for (const row of ROWS) {
    const bareCell = bare ? row.cell(bare, run) : null
    const cells = [row.measure, ...(bare ? [render(bareCell!, row.format)] : [])]
    for (const t of others) {
      const cell = row.cell(t, run)
      const base = row.base ? row.base(t, bareCell ?? dash) : bareCell && !('text' in bareCell) ? bareCell.values : null
      cells.push(render(cell, row.format), ratio(cell, base))
    }
    cells.push(row.goal)
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}
