import { appendParagraph, connectProvider } from '../support/providers.ts'
import { monotonicMs } from './BenchClient.ts'
import { summarize, type Summary } from './latencyStats.ts'
import type { ServerTarget } from './ServerTarget.ts'

/** What the discussion costs: opening a page with many threads, and a comment reaching a peer. */
export interface DiscussionResults {
  threads: number
  commentsPerThread: number
  /** GET the page and its threads, on a page without threads and on one with `threads`. */
  openWithout: Summary
  openWith: Summary
  /** POST a comment → a reader's open page hears the notice, refetches and lists it. */
  commentToPeer: Summary
}

/**
 * A page whose one paragraph holds `threads` distinct markers, a thread anchored to each
 * (`quote`) with `commentsPerThread - 1` replies; then the page's open (its GET and its
 * threads' GET) timed against a page without threads; then comment → peer latency: a provider
 * reads the page and, on each `threads` notice, refetches until the new comment is listed.
 */
export async function discussionCost(target: ServerTarget, options: { threads: number; commentsPerThread: number; openRounds: number; commentRounds: number }): Promise<DiscussionResults> {
  const setup = target.setup!
  const token = setup.tokens[0]!
  const [plain, discussed] = await target.createPages(2, `Discussion bench ${Date.now()}`)
  const writer = await connectProvider(target.wsUrl, discussed!, { token })
  const reader = await connectProvider(target.wsUrl, discussed!, { token: setup.tokens[1] })
  try {
    writer.doc.transact(() => appendParagraph(writer.doc, Array.from({ length: options.threads }, (_, i) => `[m${i}]`).join(' ')))
    await writer.settled()
    const ids: string[] = new Array(options.threads)
    let next = 0
    // Eight requests at a time, as a busy study group would not even reach.
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < options.threads) {
        const i = next++
        const thread = await setup.post<{ id: string }>(`/api/pages/${discussed}/threads`, { body: `Thread ${i}: is this sourced?`, quote: `[m${i}]` })
        ids[i] = thread.id
        for (let c = 1; c < options.commentsPerThread; c++) await setup.post(`/api/threads/${thread.id}/comments`, { body: `Reply ${c} in thread ${i}.` })
      }
    }))
    const timeOpen = async (pageId: string) => {
      const times: number[] = []
      for (let round = 0; round < options.openRounds; round++) {
        const started = monotonicMs()
        await Promise.all([setup.get(`/api/pages/${pageId}`), setup.get(`/api/pages/${pageId}/threads`)])
        times.push(monotonicMs() - started)
      }
      return summarize(times)
    }
    // Alternating would favour neither; one warm-up call each first.
    await timeOpen(plain!)
    await timeOpen(discussed!)
    const openWithout = await timeOpen(plain!)
    const openWith = await timeOpen(discussed!)

    const latencies: number[] = []
    for (let round = 0; round < options.commentRounds; round++) {
      const body = `Latency probe ${round} ${Math.random()}`
      const seen = new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error('the comment did not reach the peer within 10 s')), 10_000)
        const onStateless = async ({ payload }: { payload: string }) => {
          if (JSON.parse(payload).type !== 'threads') return
          const threads = await setup.get<{ comments: { body: string }[] }[]>(`/api/pages/${discussed}/threads`)
          if (!threads.some((t) => t.comments.some((c) => c.body === body))) return
          clearTimeout(timeout)
          reader.provider.off('stateless', onStateless)
          resolve(monotonicMs())
        }
        reader.provider.on('stateless', onStateless)
      })
      const sentAt = monotonicMs()
      await setup.post(`/api/threads/${ids[round % ids.length]}/comments`, { body })
      latencies.push((await seen) - sentAt)
    }
    return { threads: options.threads, commentsPerThread: options.commentsPerThread, openWithout, openWith, commentToPeer: summarize(latencies) }
  } finally {
    writer.destroy()
    reader.destroy()
    await target.waitUnloaded()
  }
}
