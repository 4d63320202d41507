import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { Hocuspocus } from '@hocuspocus/server'
import type { Hono } from 'hono'
import { backfillUsernameSkeletons } from './accounts/backfillUsernameSkeletons.ts'
import { applyAccessChanges, closeSessionConnections, closeProposalForWriting } from './collab/applyAccessChanges.ts'
import { createCollab, type Collab } from './collab/createCollab.ts'
import type { Config } from './core/config.ts'
import type { Db } from './core/db/Db.ts'
import type { DocumentIndexer, IndexInput } from './core/DocumentIndexer.ts'
import { UpdateLog } from './documents/UpdateLog.ts'
import { DomainEvents } from './core/events.ts'
import { answerClientError } from './http/answerClientError.ts'
import { createHttpApp } from './http/createHttpApp.ts'
import type { HttpEnv } from './core/HttpEnv.ts'
import { metricsRoutes } from './http/metricsRoutes.ts'
import { originAllowed } from './http/originAllowed.ts'
import { requestTarget } from './http/requestTarget.ts'
import { createLogger } from './core/logger.ts'
import { createMetrics } from './core/metrics.ts'
import { updatePageText } from './pages/pageQueries.ts'
import { Broadcast } from './core/Broadcast.ts'
import { seedIfEmpty } from './seed/seedIfEmpty.ts'
import { upgradeSeed } from './seed/upgradeSeed.ts'
import type { Feature } from './core/Feature.ts'
import type { IndexerServices, Services } from './core/Services.ts'

/** A running (or ready to run) Palimpsest server. */
export interface Palimpsest {
  services: Services
  collab: Collab
  httpServer: Server
  /** The HTTP app (API, client, metrics) that `httpServer` serves. */
  httpApp: Hono<HttpEnv>
  /** The separate listener of /metrics, when METRICS_PORT is set. */
  metricsServer: Server | undefined
  /**
   * Seeds the encyclopedia if the database is empty, with every feature's seed hook; else brings
   * a space seeded with an earlier edition up to this one (pages users edited are left alone).
   */
  seed(): Promise<{ pages: number } | null>
  /** Listens on the configured host and port (0 = any free port); resolves to the base URL. */
  listen(): Promise<string>
  /** Stops taking connections, stores every document, waits for the log, closes the database. */
  close(): Promise<void>
}

/** Assembles one Palimpsest process over an open, migrated database. */
export async function createPalimpsest(config: Config, db: Db, features: Feature[] = []): Promise<Palimpsest> {
  // Built in the order the types ask for: plain services, then the indexers (built from them),
  // then the extensions (built from all of it) that configure the collaboration server.
  const logger = createLogger(config.logLevel)
  const events = new DomainEvents()
  const base: IndexerServices = {
    config, db, logger, events,
    broadcast: new Broadcast(config.instanceId, events, logger),
    updateLog: new UpdateLog(db),
    metrics: createMetrics(),
    hocuspocus: new Hocuspocus(),
  }
  const pageText: DocumentIndexer = Object.assign(async function pageText({ pageId, text, tx }: IndexInput) {
    await updatePageText(tx, pageId, text)
  }, { oneStatement: true })
  const services: Services = { ...base, indexers: [pageText, ...features.flatMap((f) => f.indexers?.(base) ?? [])] }
  const collab = createCollab(services, {
    extensions: features.flatMap((f) => f.extensions?.(services) ?? []),
  })

  const onMembership = ({ spaceId, userId }: { spaceId: string; userId: string }) =>
    applyAccessChanges(services, spaceId, userId).catch((err) => logger.error({ err, spaceId }, 'could not apply an access change'))
  const onSpace = ({ spaceId }: { spaceId: string }) =>
    applyAccessChanges(services, spaceId).catch((err) => logger.error({ err, spaceId }, 'could not apply an access change'))
  // On every instance: the connections affected may be open on any of them.
  services.broadcast.on('membershipChanged', onMembership)
  services.broadcast.on('spaceChanged', onSpace)
  services.broadcast.on('sessionEnded', ({ sessionId }) => closeSessionConnections(services, sessionId))
  services.broadcast.on('proposalClosed', ({ proposalId }) => closeProposalForWriting(services, proposalId))
  services.broadcast.on('proposalWritersChanged', ({ spaceId, userId }) => onMembership({ spaceId, userId }))

  const app = createHttpApp(services, features.flatMap((f) => f.routes ?? []))
  const httpServer = createServer(getRequestListener(app.fetch))
  httpServer.on('clientError', answerClientError)
  // Metrics on an address of their own (a private interface), readable without the token there.
  const metricsServer = config.metrics.port === undefined ? undefined
    : createServer(getRequestListener(metricsRoutes(services, config.metrics.token).fetch))
  httpServer.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const origin = request.headers.origin
    // Cross-site websocket hijacking: a browser page elsewhere must not ride our cookie.
    if (path !== '/collab' || (origin && !originAllowed(origin, requestTarget(request), config.publicOrigin))) {
      socket.end(`HTTP/1.1 ${path !== '/collab' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\n\r\n`)
      return
    }
    collab.handleUpgrade(request, socket, head).catch((err) => {
      logger.warn({ err }, 'websocket upgrade failed')
      socket.destroy()
    })
  })

  await backfillUsernameSkeletons(db, logger)
  const cleanups: (() => Promise<void>)[] = []
  for (const feature of features) {
    const cleanup = await feature.start?.(services)
    if (cleanup) cleanups.push(cleanup)
  }

  let closing: Promise<void> | undefined
  return {
    services,
    collab,
    httpServer,
    httpApp: app,
    metricsServer,
    seed: async () => {
      const hooks = features.flatMap((f) => (f.onSeeded ? [f.onSeeded] : []))
      const seeded = await seedIfEmpty(services, hooks)
      // A database seeded with an earlier edition gets this one on the pages no user has edited.
      if (!seeded) await upgradeSeed(services, hooks)
      return seeded
    },
    listen: async () => {
      if (metricsServer) {
        const address = await listenOn(metricsServer, config.metrics.port!, config.metrics.host)
        logger.info({ address }, 'metrics are served on their own address')
      }
      const url = await listenOn(httpServer, config.port, config.host)
      logger.info({ port: (httpServer.address() as AddressInfo).port, host: config.host, instance: config.instanceId }, 'Palimpsest is listening')
      return url
    },
    close: () => (closing ??= (async () => {
      httpServer.close()
      metricsServer?.close()
      const { hocuspocus } = collab
      hocuspocus.closeConnections()
      collab.closeAll()
      hocuspocus.flushPendingStores()
      // Wait until every document has been stored and unloaded (bounded, so a dead database cannot hang shutdown).
      const deadline = Date.now() + 10_000
      while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
        hocuspocus.flushPendingStores()
        await new Promise((r) => setTimeout(r, 20))
      }
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus })
      // With the database away, give up after a while: the clients still hold what was not acknowledged.
      if (!(await services.updateLog.idle(10_000))) {
        logger.warn({ backlog: services.updateLog.backlog }, 'stopping with updates not yet stored; their clients will send them again')
        services.updateLog.stop()
      }
      for (const cleanup of cleanups) await cleanup().catch((err) => logger.error({ err }, 'feature cleanup failed'))
      httpServer.closeAllConnections()
      metricsServer?.closeAllConnections()
      services.broadcast.clear()
      services.events.removeAllListeners()
      await db.close()
    })()),
  }
}

/** Listens on a port (0 = any free one) and host; resolves to the base URL. */
function listenOn(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const bound = (server.address() as AddressInfo).port
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`)
    })
  })
}
