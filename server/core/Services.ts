import type { Hocuspocus } from '@hocuspocus/server'
import type { Config } from './config.ts'
import type { Db } from './db/Db.ts'
import type { DocumentIndexer } from './DocumentIndexer.ts'
import type { DurableLog } from './DurableLog.ts'
import type { DomainEvents } from './events.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import type { Broadcast } from './Broadcast.ts'

/** Everything a route, command or extension may need, built once at start-up. */
export interface Services {
  config: Config
  db: Db
  logger: Logger
  events: DomainEvents
  /** Domain events heard on every instance (LISTEN/NOTIFY when scaled out): for effects on open connections. */
  broadcast: Broadcast
  updateLog: DurableLog
  metrics: Metrics
  /** What is derived from a page's document (text, links, search), run on every change. */
  indexers: DocumentIndexer[]
  /**
   * The collaboration server. It exists before everything else that needs it and is
   * configured with its extensions (which need these services) by createCollab.
   */
  hocuspocus: Hocuspocus
}

/** What an indexer is built from: every service but the list of indexers it joins. */
export type IndexerServices = Omit<Services, 'indexers'>
