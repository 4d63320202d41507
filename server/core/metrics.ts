import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Prometheus metrics of one process, served at /metrics. */
export interface Metrics {
  registry: Registry
  updatesReceived: Counter
  storeSeconds: Histogram
  storeFailures: Counter
  connections: Gauge
  documents: Gauge
  logBacklog: Gauge
  /** Sockets and requests refused by a limit (label `limit`: messages, documents, address, slow-reader, history…). */
  limitRefusals: Counter<'limit'>
  /** Background work on pages taking turns (label `work`: indexing, compaction, revisions; `state`: running, waiting). */
  backgroundWork: Gauge<'work' | 'state'>
}

/** Creates a fresh registry (one per server, so tests can run several in one process). */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    updatesReceived: new Counter({ name: 'palimpsest_updates_total', help: 'Yjs updates appended to the durable log', registers: [registry] }),
    storeSeconds: new Histogram({
      name: 'palimpsest_store_seconds', help: 'Time to compact a page into its stored state',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
    }),
    storeFailures: new Counter({ name: 'palimpsest_store_failures_total', help: 'Compactions that failed and were retried', registers: [registry] }),
    connections: new Gauge({ name: 'palimpsest_connections', help: 'Open collaboration connections', registers: [registry] }),
    documents: new Gauge({ name: 'palimpsest_documents_loaded', help: 'Documents loaded in memory', registers: [registry] }),
    logBacklog: new Gauge({ name: 'palimpsest_log_backlog', help: 'Updates waiting for the group commit', registers: [registry] }),
    limitRefusals: new Counter({ name: 'palimpsest_limit_refusals_total', help: 'Sockets and requests refused by a limit', labelNames: ['limit'], registers: [registry] }),
    backgroundWork: new Gauge({
      name: 'palimpsest_background_work', help: 'Background work on pages (index runs, compactions, revision cuts) running or waiting for its turn',
      labelNames: ['work', 'state'], registers: [registry],
    }),
  }
}
