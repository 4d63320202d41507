// `node tests/bench/schemaCheck.ts [--quick]`: what the schema check of incoming updates costs.
// Replays the real editing traces (read from ../shared/traces, never copied) as the updates
// clients send, one per edit, into a server-side page document, and times per update: the
// decode every message already got (readCarriedUpdate), the schema check (checkUpdate) and
// Yjs applying it. Prints a Markdown table: updates per second with and without the check,
// and the check's cost per update at p50/p99.
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { checkUpdate } from '../../server/documents/checkUpdate.ts'
import { describeUpdate } from '../../server/internals/syncMessage.ts'
import { summarize } from './latencyStats.ts'
import { loadTrace, type Trace } from './loadTrace.ts'
import { applyPatch, ensureTextBlock } from './pageText.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const quick = process.argv.includes('--quick')
const LIMIT = quick ? 20_000 : Infinity

/** The updates the trace's agents send, in a round-robin interleaving, each built on what the server relayed so far. */
function recordUpdates(trace: Trace): Uint8Array[] {
  const replicas = trace.agents.map(() => new Y.Doc({ gc: false }))
  const updates: Uint8Array[] = []
  const relay = (from: Y.Doc, update: Uint8Array) => {
    updates.push(update)
    for (const other of replicas) if (other !== from) Y.applyUpdate(other, update, 'relay')
  }
  replicas.forEach((doc) => doc.on('update', (update: Uint8Array, origin: unknown) => { if (origin !== 'relay') relay(doc, update) }))
  ensureTextBlock(replicas[0])
  const next = trace.agents.map(() => 0)
  for (let round = 0; updates.length < LIMIT; round++) {
    let progressed = false
    trace.agents.forEach((patches, agent) => {
      if (next[agent] >= patches.length || updates.length >= LIMIT) return
      replicas[agent].transact(() => applyPatch(ensureTextBlock(replicas[agent]), patches[next[agent]++]))
      progressed = true
    })
    if (!progressed) break
  }
  return updates
}

interface Row { trace: string; updates: number; decode: number[]; check: number[]; apply: number[] }

/** Applies the updates to a fresh server document, timing decode, check and apply of each. */
function replay(name: string, updates: Uint8Array[]): Row {
  const doc = new Y.Doc({ gc: false })
  const row: Row = { trace: name, updates: updates.length, decode: [], check: [], apply: [] }
  for (const update of updates) {
    const t0 = performance.now()
    const carried = describeUpdate(update)
    const t1 = performance.now()
    const problem = checkUpdate(carried, doc)
    const t2 = performance.now()
    Y.applyUpdate(doc, update)
    const t3 = performance.now()
    if (problem) throw new Error(`${name}: a trace edit was refused: ${problem}`)
    row.decode.push(t1 - t0)
    row.check.push(t2 - t1)
    row.apply.push(t3 - t2)
  }
  return row
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`
const rate = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US')

const traces = [
  loadTrace(here('../../../shared/traces/automerge-paper.json.gz'), 'sequential'),
  loadTrace(here('../../../shared/traces/friendsforever.json.gz'), 'concurrent'),
]
const rows: Row[] = []
for (const trace of traces) {
  const updates = recordUpdates(trace)
  // One warm-up pass, so the table shows the steady state rather than the JIT.
  replay(trace.name, updates.slice(0, 2000))
  rows.push(replay(`${trace.name}${trace.synthetic ? ' (synthetic)' : ''}`, updates))
}

console.log('| trace | updates | without check (decode + apply) | with check (decode + check + apply) | check p50 | check p99 | check max | check share of the total |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const row of rows) {
  const check = summarize(row.check)
  const without = sum(row.decode) + sum(row.apply)
  const withCheck = without + sum(row.check)
  console.log(`| ${row.trace} | ${row.updates.toLocaleString('en-US')} | ${rate(row.updates, without)} updates/s | ${rate(row.updates, withCheck)} updates/s | ${us(check.p50)} | ${us(check.p99)} | ${us(check.max)} | ${(100 * sum(row.check) / withCheck).toFixed(1)} % |`)
}
