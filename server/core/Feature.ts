import type { Extension } from '@hocuspocus/server'
import type { Hono } from 'hono'
import type * as Y from 'yjs'
import type { DocumentIndexer } from './DocumentIndexer.ts'
import type { HttpEnv } from './HttpEnv.ts'
import type { IndexerServices, Services } from './Services.ts'

/** A group of API routes mounted under /api, added by feature modules (links, history, search…). */
export type RouteModule = (services: Services) => Hono<HttpEnv>

/** Listeners told about each page the seed writes or upgrades, e.g. to cut its revision (`summary` names the edition). */
export type SeededPageHook = (services: Services, page: { pageId: string; doc: Y.Doc; authorId: string; writtenAt: Date; summary: string }) => Promise<void>

/** A feature that plugs into the server: routes, indexers, collaboration extensions, event listeners. */
export interface Feature {
  routes?: RouteModule[]
  indexers?: (services: IndexerServices) => DocumentIndexer[]
  extensions?: (services: Services) => Extension[]
  /** Called once everything is built; may subscribe to events. Returns a cleanup. */
  start?: (services: Services) => Promise<(() => Promise<void>) | void>
  /** Called for each page the encyclopedia seed writes (e.g. to cut its first revision). */
  onSeeded?: SeededPageHook
}
