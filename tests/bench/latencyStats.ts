import type { WorkerRecording } from './workerProtocol.ts'

/** Percentiles of a sample, in the sample's unit. */
export interface Summary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Nearest-rank percentiles (no interpolation: every number printed was observed). */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)])
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN }
}

/**
 * Edit-to-peer latencies: each peer's arrival of an edit minus the moment its author made it.
 * An edit is known by its Yjs id (client and clock; for a delete, the first item it deleted), so
 * arrivals recorded in any client process match the edit's record in its author's process.
 * Returns the latencies, and for inserts how many were sent and how many arrivals matched them
 * (a delete can arrive as nothing: a peer may have deleted the same text itself meanwhile).
 */
export function peerLatencies(recordings: WorkerRecording[]): { latencies: Float64Array; sentInserts: number; insertArrivals: number } {
  // kind:client → [clock, time] pairs sorted by clock.
  const sent = new Map<string, number[]>()
  let sentInserts = 0
  for (const { sent: s } of recordings) {
    for (let i = 0; i < s.length; i += 5) {
      const key = `${s[i]}:${s[i + 1]}`
      let list = sent.get(key)
      if (!list) sent.set(key, (list = []))
      list.push(s[i + 2], s[i + 3])
      if (s[i] === 0) sentInserts += 1
    }
  }
  const sorted = new Map<string, { clocks: Float64Array; times: Float64Array }>()
  for (const [key, list] of sent) {
    const order = Array.from({ length: list.length / 2 }, (_, i) => i).sort((a, b) => list[a * 2] - list[b * 2])
    sorted.set(key, { clocks: Float64Array.from(order, (i) => list[i * 2]), times: Float64Array.from(order, (i) => list[i * 2 + 1]) })
  }
  const latencies: number[] = []
  let insertArrivals = 0
  for (const { received: r } of recordings) {
    for (let i = 0; i < r.length; i += 5) {
      const entry = sorted.get(`${r[i]}:${r[i + 1]}`)
      if (!entry) continue
      const from = r[i + 2]
      const to = r[i + 3]
      // First sent clock ≥ from, then every sent edit inside [from, to).
      let lo = 0
      let hi = entry.clocks.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (entry.clocks[mid] < from) lo = mid + 1
        else hi = mid
      }
      for (let j = lo; j < entry.clocks.length && entry.clocks[j] < to; j++) {
        latencies.push(r[i + 4] - entry.times[j])
        if (r[i] === 0) insertArrivals += 1
      }
    }
  }
  return { latencies: Float64Array.from(latencies), sentInserts, insertArrivals }
}
