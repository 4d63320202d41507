// `node tests/bench/historyStorage.ts [--quick]`: what revision history costs. Replays the
// automerge-paper editing trace (read from ../shared/traces, never copied) into a page's
// gc-disabled Yjs document, cuts a revision every N edits the way the server does, and prints
// bytes per revision, bytes per page and the time of the history operations as Markdown.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { annotateDocument } from '../../server/internals/annotateDocument.ts'
import { presentAnnotated } from '../../server/history/presentAnnotated.ts'
import { RevisionTimeline } from '../../server/history/RevisionTimeline.ts'
import { revisionStats } from '../../server/history/revisionStats.ts'
import { snapshotDelta } from '../../server/history/snapshotDeltas.ts'
import { pageNode } from '../../server/documents/pageNode.ts'

const TRACE = fileURLToPath(new URL('../../../shared/traces/automerge-paper.json.gz', import.meta.url))
const quick = process.argv.includes('--quick')

type Patch = [pos: number, del: number, ins: string]

interface Scenario {
  name: string
  /** Edits (single-character keystrokes) per revision. */
  editsPerRevision: number
  /** Whether each revision is written from a new Yjs client (a new browser session), as in real use. */
  newClientPerRevision: boolean
}

interface Row {
  scenario: string
  edits: number
  revisions: number
  textChars: number
  /** What is stored per revision: the snapshot delta (V2), mean and largest. */
  storedMean: number
  storedMax: number
  /** A whole snapshot of the last revision, for comparison (V1 / V2). */
  wholeLastV1: number
  wholeLastV2: number
  /** What storing whole snapshots would have cost for all revisions. */
  wholeTotal: number
  pageState: number
  pageStateGc: number
  historyPerPage: number
  cutMs: number
  rebuildMs: number
  diffMs: number
  blameMs: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(work: () => void, repetitions = 3): number {
  const times: number[] = []
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now()
    work()
    times.push(performance.now() - started)
  }
  return median(times)
}

/** The server's attribution of this history, built as the server builds it (owners and revision state vectors). */
function timelineFor(deltas: Y.Snapshot[]): RevisionTimeline {
  const owners = new Map<number, string>()
  for (const delta of deltas) for (const client of delta.sv.keys()) owners.set(client, `user ${client % 7}`)
  return new RevisionTimeline(owners, deltas.map((d, i) => ({ id: String(i + 1), number: i + 1, stateVector: Y.encodeStateVector(d.sv) })))
}

function run(patches: Patch[], scenario: Scenario, checkpoints: number[]): Row[] {
  const doc = new Y.Doc({ gc: false })
  const paragraph = new Y.XmlElement('paragraph')
  doc.getXmlFragment('default').insert(0, [paragraph])
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  const snapshots: Y.Snapshot[] = []
  const deltas: Y.Snapshot[] = []
  const stored: number[] = []
  const whole: number[] = []
  const rows: Row[] = []
  let cutMs = 0
  patches.forEach(([pos, del, ins], i) => {
    doc.transact(() => {
      if (del > 0) text.delete(pos, del)
      if (ins) text.insert(pos, ins)
    })
    const edits = i + 1
    if (edits % scenario.editsPerRevision !== 0 && edits !== patches.length) return
    const snapshot = Y.snapshot(doc)
    const previous = snapshots.at(-1) ?? Y.emptySnapshot
    if (checkpoints.includes(edits)) cutMs = time(() => revisionStats(doc, previous, snapshot), 1)
    snapshots.push(snapshot)
    deltas.push(snapshotDelta(previous, snapshot))
    stored.push(Y.encodeSnapshotV2(deltas.at(-1)!).byteLength + Y.encodeStateVector(deltas.at(-1)!.sv).byteLength)
    whole.push(Y.encodeSnapshotV2(snapshot).byteLength)
    if (scenario.newClientPerRevision) doc.clientID = 1_000_000 + snapshots.length
    if (!checkpoints.includes(edits)) return
    const state = Y.encodeStateAsUpdate(doc)
    const gcReplica = new Y.Doc({ gc: true })
    Y.applyUpdate(gcReplica, state)
    const middle = snapshots[Math.floor(snapshots.length / 2)]
    const timeline = timelineFor(deltas)
    rows.push({
      scenario: scenario.name,
      edits,
      revisions: snapshots.length,
      textChars: text.length,
      storedMean: stored.reduce((a, b) => a + b, 0) / stored.length,
      storedMax: Math.max(...stored),
      wholeLastV1: Y.encodeSnapshot(snapshot).byteLength,
      wholeLastV2: whole.at(-1)!,
      wholeTotal: whole.reduce((a, b) => a + b, 0),
      pageState: state.byteLength,
      pageStateGc: Y.encodeStateAsUpdate(gcReplica).byteLength,
      historyPerPage: state.byteLength + stored.reduce((a, b) => a + b, 0),
      cutMs,
      rebuildMs: time(() => pageNode(Y.createDocFromSnapshot(doc, middle))),
      diffMs: time(() => presentAnnotated(annotateDocument(doc, { before: middle, after: snapshot, cuts: timeline.cuts }), timeline)),
      blameMs: time(() => presentAnnotated(annotateDocument(doc, { after: snapshot, cuts: timeline.cuts }), timeline)),
    })
  })
  return rows
}

function readTrace(): Patch[] {
  if (!existsSync(TRACE)) throw new Error(`The trace is missing: ${TRACE} (see ../shared/traces/NOTICE.md)`)
  const file = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as { txns: { patches: Patch[] }[] }
  return file.txns.flatMap((t) => t.patches)
}

const kb = (bytes: number) => (bytes >= 10_240 ? `${(bytes / 1024).toFixed(0)} KB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${Math.round(bytes)} B`)
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`

const patches = readTrace()
const total = quick ? 60_000 : patches.length
const checkpoints = quick ? [15_000, 30_000, 60_000] : [25_000, 65_000, 130_000, patches.length]
const scenarios: Scenario[] = [
  { name: 'one session, a revision per 1,000 edits', editsPerRevision: 1000, newClientPerRevision: false },
  { name: 'new session per revision (1,000 edits)', editsPerRevision: 1000, newClientPerRevision: true },
  { name: 'new session per revision (100 edits)', editsPerRevision: 100, newClientPerRevision: true },
]

console.log(`History cost on automerge-paper (${total.toLocaleString('en')} of ${patches.length.toLocaleString('en')} edits), Node ${process.version}\n`)
console.log('| scenario | edits | revisions | text | stored per revision (mean / max) | whole snapshot of the last (V1 / V2) | all whole snapshots | page state gc:false | same, gc:true | page + its history | cut (stats) | rebuild a revision | diff mid→last | blame last |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for (const scenario of scenarios) {
  for (const r of run(patches.slice(0, total), scenario, checkpoints)) {
    console.log(`| ${r.scenario} | ${r.edits.toLocaleString('en')} | ${r.revisions} | ${kb(r.textChars)} | ${kb(r.storedMean)} / ${kb(r.storedMax)} | ${kb(r.wholeLastV1)} / ${kb(r.wholeLastV2)} | ${kb(r.wholeTotal)} | ${kb(r.pageState)} | ${kb(r.pageStateGc)} | ${kb(r.historyPerPage)} | ${ms(r.cutMs)} | ${ms(r.rebuildMs)} | ${ms(r.diffMs)} | ${ms(r.blameMs)} |`)
  }
}
console.log('\nStored per revision = the snapshot delta (V2) plus its state vector, the two columns a revision row adds.')
console.log('Sizes are encoded bytes before Postgres compresses (TOAST) them; times are medians of three on this machine.')
