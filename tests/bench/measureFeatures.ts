import { monotonicMs } from './BenchClient.ts'
import { discussionCost, type DiscussionResults } from './discussionCost.ts'
import { summarize, type Summary } from './latencyStats.ts'
import type { ServerTarget } from './ServerTarget.ts'
import type { WorkerPool } from './WorkerPool.ts'

/** A row whose feature has not landed (or cannot be measured here), with the reason. */
export interface NotMeasured {
  notMeasured: string
}

/** The measures of issue #10 item 6 that run against a Palimpsest server. */
export interface FeatureResults {
  /** Edit adding a [[link]] → the target's backlinks list it. */
  backlinkFreshness: Summary | NotMeasured
  /** GET /api/search round trips over a space of many pages. */
  search: { latency: Summary; pages: number; pagesWithText: number } | NotMeasured
  /**
   * Diff of the long (automerge-paper) page from its half: `computed` to the page as it is now
   * (an answer about the present is never cached, so each round rebuilds it), `cached` between
   * the two named versions once that answer has been computed (answers between fixed revisions
   * are kept, see server/history/HistoryLimiter.ts).
   */
  historyDiff: { computed: Summary; cached: Summary } | NotMeasured
  /** A page with many threads opened against one without; comment → peer (issue #16). */
  discussion?: DiscussionResults | NotMeasured
}

const routeLanded = (target: ServerTarget, path: string) => target.setup!.routeLanded(path)
const getJson = <T>(target: ServerTarget, path: string) => target.setup!.get<T>(path)

/** Times `rounds` calls of GET `path`, one after the other. */
async function timeGets(target: ServerTarget, paths: string[], rounds: number): Promise<Summary> {
  const times: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const path of paths) {
      const started = monotonicMs()
      await getJson(target, path)
      times.push(monotonicMs() - started)
    }
  }
  return summarize(times)
}

/** Backlink freshness: a provider writes a wiki link; the target's backlinks are polled until they list the source. */
async function backlinkFreshness(pool: WorkerPool, target: ServerTarget, repetitions: number): Promise<FeatureResults['backlinkFreshness']> {
  const [probe] = await target.createPages(1, 'Backlink probe')
  if (!(await routeLanded(target, `/api/pages/${probe}/backlinks`))) return { notMeasured: 'the links feature has not landed' }
  const times: number[] = []
  for (let i = 0; i < repetitions; i++) {
    // createPages titles pages "<prefix> 1".
    const [targetPage] = await target.createPages(1, `Backlink target ${i + 1}`)
    const [source] = await target.createPages(1, `Backlink source ${i + 1}`)
    const linkTitle = `Backlink target ${i + 1} 1`
    const { editedAt } = await pool.owner(0).call<{ editedAt: number }>({
      type: 'writeLink', url: target.wsUrl, client: { id: `link-${i}`, page: source, pageIndex: 0, token: target.tokens[0] }, target: linkTitle,
    })
    const deadline = Date.now() + 15_000
    for (;;) {
      const backlinks = await getJson<{ pageId: string }[]>(target, `/api/pages/${targetPage}/backlinks`)
      if (backlinks.some((b) => b.pageId === source)) break
      if (Date.now() > deadline) throw new Error(`the backlink from ${source} did not appear within 15 s`)
      await new Promise((r) => setTimeout(r, 5))
    }
    times.push(monotonicMs() - editedAt)
    await pool.all(() => ({ type: 'disconnect' }))
  }
  await target.waitUnloaded()
  return summarize(times)
}

const QUERIES = ['replica', 'concurrent operations', 'merge', 'network', 'insertion', 'document state', 'cursor position', 'algorithm', 'corpus', 'tree']

/** Search p95: many pages (titles through the API, text through providers), then repeated queries. */
async function searchLatency(pool: WorkerPool, target: ServerTarget, pages: number, withText: number, rounds: number): Promise<FeatureResults['search']> {
  if (!(await routeLanded(target, '/api/search?q=probe'))) return { notMeasured: 'the search feature has not landed' }
  const ids = await target.createPages(pages, 'Corpus page')
  await pool.all((p) => ({
    type: 'writeBodies', url: target.wsUrl, token: target.tokens[0], characters: 2000, concurrency: 8,
    pages: ids.slice(0, withText).filter((_, i) => i % pool.processes.length === p),
  }))
  await target.waitUnloaded()
  const latency = await timeGets(target, QUERIES.map((q) => `/api/search?q=${encodeURIComponent(q)}`), rounds)
  return { latency, pages, pagesWithText: withText }
}

/** History diff: the named versions at half and at the end of the automerge-paper trace, diffed through the API. */
async function historyDiff(target: ServerTarget, longPage: { pageId: string; revisions: [string, string] | null } | null, rounds: number): Promise<FeatureResults['historyDiff']> {
  if (!longPage) return { notMeasured: 'the long page was not uploaded' }
  if (!longPage.revisions) return { notMeasured: 'the history feature has not landed' }
  const [from, to] = longPage.revisions
  const diff = `/api/pages/${longPage.pageId}/diff?from=${from}`
  const computed = await timeGets(target, [diff], rounds)
  await getJson(target, `${diff}&to=${to}`)
  return { computed, cached: await timeGets(target, [`${diff}&to=${to}`], rounds) }
}

/** The discussion's costs, once its routes have landed. */
async function discussion(target: ServerTarget, options: { discussionThreads: number; discussionOpenRounds: number; discussionCommentRounds: number }): Promise<FeatureResults['discussion']> {
  const [probe] = await target.createPages(1, 'Discussion probe')
  if (!(await routeLanded(target, `/api/pages/${probe}/threads`))) return { notMeasured: 'the discussion feature has not landed' }
  return discussionCost(target, {
    threads: options.discussionThreads, commentsPerThread: 5, openRounds: options.discussionOpenRounds, commentRounds: options.discussionCommentRounds,
  })
}

/** Runs the item-6 measures that have landed; the others say why they were not measured. */
export async function measureFeatures(pool: WorkerPool, target: ServerTarget, options: {
  backlinkRepetitions: number; searchPages: number; searchPagesWithText: number; searchRounds: number; diffRounds: number
  discussionThreads: number; discussionOpenRounds: number; discussionCommentRounds: number
  longPage: { pageId: string; revisions: [string, string] | null } | null
}): Promise<FeatureResults> {
  return {
    backlinkFreshness: await backlinkFreshness(pool, target, options.backlinkRepetitions),
    search: await searchLatency(pool, target, options.searchPages, options.searchPagesWithText, options.searchRounds),
    historyDiff: await historyDiff(target, options.longPage, options.diffRounds),
    discussion: await discussion(target, options),
  }
}
