import { summarize, type Summary } from './latencyStats.ts'
import type { ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'
import type { ClientSpec } from './workerProtocol.ts'

/** The long page: its whole history is the sequential trace. */
export interface ColdOpenResult {
  pageId: string
  /** Connect → synced with the page only in the database (Palimpsest) — bare Hocuspocus cannot be cold: null. */
  cold: Summary | null
  /** Connect → synced while another provider holds the page open (in memory). */
  warm: Summary
  /** Bytes of Y.encodeStateAsUpdate of the uploaded document (full history, no GC), and with GC. */
  encodedBytes: number
  encodedGcBytes: number
  textLength: number
  /** Upload of the second half of the history as one update, until acknowledged. */
  uploadMs: number
  /** Named versions cut at half and at the end of the trace (Palimpsest with history), for the diff measure. */
  revisions: [string, string] | null
}

interface Uploaded {
  encodedBytes: number
  encodedGcBytes: number
  textLength: number
  uploadMs: number
}

/**
 * Uploads the automerge-paper history into one page in two halves (a named version after
 * each, where the history feature exists), then times fresh providers opening it: cold
 * (nothing in the server's memory; Palimpsest loads state + log from the database) and warm
 * (the page is held open by another provider).
 */
export async function measureColdOpen(pool: WorkerPool, target: ServerTarget, repetitions: number): Promise<ColdOpenResult> {
  const [pageId] = await target.createPages(1, 'Automerge paper')
  const worker = pool.owner(0)
  const spec = (id: string): ClientSpec => ({ id, page: pageId, pageIndex: 0, token: target.tokens[0] })
  const withHistory = target.setup ? await target.setup.routeLanded(`/api/pages/${pageId}/revisions`) : false
  const revisions: string[] = []
  let uploaded: Uploaded | undefined
  for (const [upTo, name] of [[0.5, 'Half of the automerge paper'], [1, 'The whole automerge paper']] as const) {
    uploaded = await worker.call<Uploaded>({ type: 'upload', url: target.wsUrl, client: spec('uploader'), upTo })
    if (withHistory) revisions.push((await target.setup!.post<{ id: string }>(`/api/pages/${pageId}/revisions`, { name })).id)
  }
  const open = async () => {
    const result = await worker.call<{ ms: number; textLength: number }>({ type: 'open', url: target.wsUrl, client: spec('reader') })
    if (result.textLength !== uploaded!.textLength) throw new Error(`opened the long page with ${result.textLength} characters, not ${uploaded!.textLength}`)
    return result.ms
  }
  // One open first, untimed: the first ever pays for compiling the code paths, on both sides.
  await open()
  let cold: Summary | null = null
  if (target.isPalimpsest) {
    // Bare Hocuspocus forgets a page once nobody has it open, so only Palimpsest lets the uploader go.
    await worker.call({ type: 'release', id: 'uploader' })
    const times: number[] = []
    for (let i = 0; i < repetitions; i++) {
      await target.waitUnloaded()
      times.push(await open())
    }
    cold = summarize(times)
    await target.waitUnloaded()
    // Warm: one provider holds the page, others open it.
    await worker.call({ type: 'connect', url: target.wsUrl, clients: [spec('holder')], concurrency: 1 })
  }
  const warmTimes: number[] = []
  for (let i = 0; i < repetitions; i++) warmTimes.push(await open())
  await pool.all(() => ({ type: 'disconnect' }))
  await target.waitUnloaded()
  return { pageId, cold, warm: summarize(warmTimes), ...uploaded!, revisions: revisions.length === 2 ? [revisions[0], revisions[1]] : null }
}
