import type { BenchResults, TargetResult } from './BenchResults.ts'
import { sustainedRate } from './measureThroughput.ts'

/** One goal of issue #10 and how to judge it on a Palimpsest target. */
interface Goal {
  text: string
  judge: (t: TargetResult, bare: TargetResult | undefined) => { met: boolean; shown: string } | null
}

const GOALS: Goal[] = [
  {
    text: 'edit → peer p50 within 1.5× of bare Hocuspocus at 100 editors',
    judge: (t, bare) => {
      const a = t.latency.editors100?.peer.p50
      const b = bare?.latency.editors100?.peer.p50
      return a === undefined || b === undefined ? null : { met: a <= 1.5 * b, shown: `${(a / b).toFixed(2)}×` }
    },
  },
  {
    text: 'edit → peer p99 under 50 ms at 100 editors',
    judge: (t) => {
      const p99 = t.latency.editors100?.peer.p99
      return p99 === undefined ? null : { met: p99 < 50, shown: `${p99.toFixed(1)} ms` }
    },
  },
  {
    text: 'at least 2,000 durable updates/s',
    judge: (t) => {
      if (!t.throughput) return null
      const sustained = sustainedRate(t.throughput.steps)
      return { met: sustained >= 2000, shown: `${sustained}/s` }
    },
  },
  {
    text: 'cold open of the long page under 250 ms (median)',
    judge: (t) => (t.coldOpen?.cold ? { met: t.coldOpen.cold.p50 < 250, shown: `${t.coldOpen.cold.p50.toFixed(0)} ms` } : null),
  },
  {
    text: 'stored bytes within 1.5× of the encoded state',
    judge: (t) => (t.storage && t.coldOpen ? { met: t.storage.bytes <= 1.5 * t.coldOpen.encodedBytes, shown: `${(t.storage.bytes / t.coldOpen.encodedBytes).toFixed(2)}×` } : null),
  },
  {
    text: 'under 64 KB per idle connection (JS heap + buffers)',
    judge: (t) => (t.memory ? { met: t.memory.perConnectionHeap < 64 * 1024, shown: `${(t.memory.perConnectionHeap / 1024).toFixed(1)} KB` } : null),
  },
  {
    text: 'a page with 500 threads (5 comments each) opens within 100 ms more than without (median)',
    judge: (t) => {
      const d = t.features?.discussion
      if (!d || 'notMeasured' in d) return null
      const extra = d.openWith.p50 - d.openWithout.p50
      return { met: extra <= 100, shown: `+${extra.toFixed(0)} ms${d.threads !== 500 ? ` with ${d.threads} threads` : ''}` }
    },
  },
  {
    text: 'a new comment reaches a peer’s open page, p95 ≤ 1 s',
    judge: (t) => {
      const d = t.features?.discussion
      return !d || 'notMeasured' in d ? null : { met: d.commentToPeer.p95 <= 1000, shown: `${d.commentToPeer.p95.toFixed(0)} ms` }
    },
  },
]

/** The goals as a Markdown list: met or missed on each Palimpsest target. */
export function formatGoals(run: BenchResults): string {
  const bare = run.targets.find((t) => t.target === 'bare')
  const others = run.targets.filter((t) => t.target !== 'bare')
  return GOALS.map((goal) => {
    const verdicts = others.map((t) => {
      const v = goal.judge(t, bare)
      return `${t.label} ${v ? `${v.met ? 'met' : 'MISSED'} (${v.shown})` : 'not measured'}`
    })
    return `- ${goal.text}: ${verdicts.join('; ')}`
  }).join('\n')
}
