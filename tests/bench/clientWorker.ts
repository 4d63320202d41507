// A client process of the bench: holds many real providers and runs the edits the coordinator
// asks for. Never in the server's process, so the server is measured alone.
import * as Y from 'yjs'
import { BenchClient, monotonicMs, type Recording } from './BenchClient.ts'
import { loadTrace, type Trace } from './loadTrace.ts'
import { applyPatch, checkFinalText, ensureTextBlock, textBlock } from './pageText.ts'
import type { ClientSpec, EditPlan, WorkerCommand } from './workerProtocol.ts'

const clients = new Map<string, BenchClient>()
const recording: Recording = { sent: [], received: [], acks: [] }
const traces = new Map<string, Trace>()
const [sequentialPath, concurrentPath] = process.argv.slice(2)

function trace(kind: Trace['kind']): Trace {
  const path = kind === 'sequential' ? sequentialPath : concurrentPath
  if (!traces.has(kind)) traces.set(kind, loadTrace(path, kind))
  return traces.get(kind)!
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

/** Opens providers, `concurrency` handshakes at a time (as many tabs opening at once would). */
async function connect(url: string, specs: ClientSpec[], concurrency: number): Promise<void> {
  let next = 0
  const failures: string[] = []
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, async () => {
    while (next < specs.length) {
      const spec = specs[next++]
      const client = new BenchClient({ url, page: spec.page, pageIndex: spec.pageIndex, token: spec.token, out: recording })
      clients.set(spec.id, client)
      try {
        await client.connect(30_000)
      } catch (error) {
        failures.push(`${spec.id}: ${(error as Error).message}`)
      }
    }
  }))
  if (failures.length > 0) throw new Error(`${failures.length} clients failed to connect, e.g. ${failures[0]}`)
}

/** Each client edits at a steady rate from its own place in a trace until `durationMs` is over. */
async function runEdits(plan: EditPlan): Promise<{ edits: number; skipped: number }> {
  const source = trace(plan.trace)
  const interval = 1000 / plan.ratePerClient
  const start = performance.now()
  const end = start + plan.durationMs
  const maxEdits = Math.ceil(plan.ratePerClient * plan.durationMs / 1000) + 1
  const state = plan.clients.map((c, i) => ({
    client: clients.get(c.id)!,
    patches: source.agents[c.agent % source.agents.length],
    cursor: c.offset,
    next: start + ((i * 0.618034) % 1) * interval,
    made: 0,
  }))
  let edits = 0
  let skipped = 0
  for (const s of state) s.client.recording = true
  while (performance.now() < end) {
    const now = performance.now()
    for (const s of state) {
      // A client that fell far behind (the process was busy) skips the slots it missed rather than bursting.
      if (now - s.next > 100) {
        const missed = Math.floor((now - s.next) / interval)
        skipped += missed
        s.next += missed * interval
      }
      while (s.next <= now && s.made < maxEdits) {
        const text = textBlock(s.client.doc)
        if (!text) break
        const patch = s.patches[s.cursor % s.patches.length]
        s.cursor += 1
        s.client.edit(() => applyPatch(text, patch))
        s.next += interval
        s.made += 1
        edits += 1
      }
    }
    await sleep(4)
  }
  return { edits, skipped }
}

/** Uploads in progress: the provider, and a replica where the trace is replayed up to where the upload has got. */
const uploads = new Map<string, { client: BenchClient; replica: Y.Doc; done: number }>()

/**
 * Uploads the sequential trace as one page's history, up to the fraction `upTo` of its edits:
 * the edits are replayed (one transaction each, history kept) on a replica, and what the page
 * lacks goes as one update, as when an author's offline work syncs. Resolves once acknowledged.
 */
async function upload(url: string, spec: ClientSpec, upTo: number) {
  let entry = uploads.get(spec.id)
  if (!entry) {
    const client = new BenchClient({ url, page: spec.page, pageIndex: spec.pageIndex, token: spec.token, out: recording, doc: new Y.Doc({ gc: false }) })
    clients.set(spec.id, client)
    await client.connect(30_000)
    entry = { client, replica: new Y.Doc({ gc: false }), done: 0 }
    entry.replica.transact(() => ensureTextBlock(entry!.replica))
    uploads.set(spec.id, entry)
  }
  const { client, replica } = entry
  const patches = trace('sequential').agents[0]
  const end = Math.round(patches.length * upTo)
  const text = textBlock(replica)!
  for (; entry.done < end; entry.done++) replica.transact(() => applyPatch(text, patches[entry!.done]))
  if (end === patches.length) checkFinalText(trace('sequential'), text)
  const update = Y.encodeStateAsUpdate(replica, Y.encodeStateVector(client.doc))
  const started = monotonicMs()
  Y.applyUpdate(client.doc, update)
  await waitUntil(() => client.unsyncedChanges === 0, 120_000, 'the upload to be acknowledged')
  const uploadMs = monotonicMs() - started
  const full = Y.encodeStateAsUpdate(replica)
  const gcDoc = new Y.Doc()
  Y.applyUpdate(gcDoc, full)
  return { encodedBytes: full.byteLength, encodedGcBytes: Y.encodeStateAsUpdate(gcDoc).byteLength, textLength: text.length, uploadMs }
}

/** Opens a page with a fresh provider and times connect → synced. */
async function open(url: string, spec: ClientSpec) {
  const client = new BenchClient({ url, page: spec.page, pageIndex: spec.pageIndex, token: spec.token, out: recording })
  const started = monotonicMs()
  await client.connect(60_000)
  const ms = monotonicMs() - started
  const textLength = textBlock(client.doc)?.length ?? 0
  client.destroy()
  return { ms, textLength }
}

/** Writes a paragraph with a wiki link to `target` on a page; keeps the provider open. Returns when the edit was made. */
async function writeLink(url: string, spec: ClientSpec, target: string) {
  const client = new BenchClient({ url, page: spec.page, pageIndex: spec.pageIndex, token: spec.token, out: recording })
  clients.set(spec.id, client)
  await client.connect(30_000)
  const editedAt = monotonicMs()
  client.edit(() => {
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    client.doc.getXmlFragment('default').insert(0, [paragraph])
    text.insert(0, 'See ')
    text.insert(4, target, { wikiLink: { target } })
  })
  await waitUntil(() => client.unsyncedChanges === 0, 30_000, 'the link to be acknowledged')
  return { editedAt }
}

/** Body text for search pages: slices of the sequential trace's final text (or of its words). */
function bodyText(index: number, characters: number): string {
  const source = trace('sequential').endContent ?? 'replica merge concurrent operation network document state order insert delete cursor '.repeat(2000)
  const start = (index * 7919) % Math.max(1, source.length - characters)
  return source.slice(start, start + characters)
}

/** Gives each page a body of paragraphs through a short-lived provider, as an author would. */
async function writeBodies(url: string, token: string, pages: string[], characters: number, concurrency: number) {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(concurrency, pages.length) }, async () => {
    while (next < pages.length) {
      const index = next++
      const client = new BenchClient({ url, page: pages[index], pageIndex: index, token, out: recording })
      try {
        await client.connect(30_000)
        client.edit(() => {
          const fragment = client.doc.getXmlFragment('default')
          for (const line of bodyText(index, characters).split(/\n\s*\n/u).filter((l) => l.trim())) {
            const paragraph = new Y.XmlElement('paragraph')
            paragraph.insert(0, [new Y.XmlText(line.replace(/\s+/gu, ' '))])
            fragment.insert(fragment.length, [paragraph])
          }
        })
        await waitUntil(() => client.unsyncedChanges === 0, 30_000, 'a body to be acknowledged')
      } finally {
        client.destroy()
      }
    }
  }))
  return null
}

async function handle(command: WorkerCommand): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      return connect(command.url, command.clients, command.concurrency)
    case 'init':
      for (const id of command.ids) clients.get(id)!.doc.transact(() => ensureTextBlock(clients.get(id)!.doc))
      return null
    case 'waitReady':
      return waitUntil(() => command.ids.every((id) => textBlock(clients.get(id)!.doc) !== null), 30_000, 'every page to have its text block')
    case 'edit':
      return runEdits(command.plan)
    case 'settle':
      // Everything sent is acknowledged, and nothing has arrived for a short quiet spell.
      await waitUntil(() => [...clients.values()].every((c) => c.unsyncedChanges === 0), command.timeoutMs, 'acknowledgements')
      for (let quiet = 0, seen = -1; quiet < 3;) {
        const count = recording.received.length
        quiet = count === seen ? quiet + 1 : 0
        seen = count
        await sleep(100)
      }
      return null
    case 'collect': {
      for (const client of clients.values()) client.recording = false
      // Typed arrays cross the IPC channel as bytes (advanced serialization), not as JSON.
      const result = { sent: Float64Array.from(recording.sent), received: Float64Array.from(recording.received), acks: Float64Array.from(recording.acks) }
      recording.sent = []
      recording.received = []
      recording.acks = []
      return result
    }
    case 'disconnect':
      for (const [id, client] of clients) {
        client.destroy()
        clients.delete(id)
      }
      uploads.clear()
      return null
    case 'release': {
      // Closes one provider (an uploader whose page must now unload).
      clients.get(command.id)?.destroy()
      clients.delete(command.id)
      uploads.delete(command.id)
      return null
    }
    case 'upload':
      return upload(command.url, command.client, command.upTo)
    case 'open':
      return open(command.url, command.client)
    case 'writeLink':
      return writeLink(command.url, command.client, command.target)
    case 'writeBodies':
      return writeBodies(command.url, command.token, command.pages, command.characters, command.concurrency)
  }
}

process.on('message', (message: { id: number; command: WorkerCommand }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, result: result ?? null }),
    (error: Error) => process.send!({ id: message.id, error: error.stack ?? error.message }),
  )
})
// A clean exit (not death by signal), so profilers and open sockets finish properly.
process.on('SIGTERM', () => {
  for (const client of clients.values()) client.destroy()
  process.exit(0)
})
// Traces are parsed before the first workload: parsing one mid-measure would stall this process.
trace('sequential')
trace('concurrent')
process.send!({ ready: true })
