import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { Hocuspocus, type Extension, type WebSocketLike } from '@hocuspocus/server'
import crossws from 'crossws/adapters/node'
import { CloseCodes } from '../../shared/closeCodes.ts'
import type { Services } from '../Services.ts'
import { AttributionExtension } from './AttributionExtension.ts'
import { AuthExtension } from './AuthExtension.ts'
import { DurabilityExtension } from './DurabilityExtension.ts'
import { IndexingExtension } from './IndexingExtension.ts'
import { isRoutableFrame } from './isRoutableFrame.ts'
import { MessageGuardExtension } from './MessageGuardExtension.ts'
import { SchemaGuardExtension } from './SchemaGuardExtension.ts'
import { PresenceExtension } from './PresenceExtension.ts'

/** The collaboration server and the function that takes websocket upgrades for it. */
export interface Collab {
  hocuspocus: Hocuspocus
  indexing: IndexingExtension
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>
  closeAll(): void
}

/**
 * Hocuspocus in library mode: no server of its own; the crossws node adapter takes the
 * upgrades of our HTTP server. One extension per concern; extra ones (Redis, revisions…)
 * are passed in. Yjs documents are created without garbage collection.
 */
export function createCollab(services: Services, options: { extensions?: Extension[] }): Collab {
  const { config, logger } = services
  const indexing = new IndexingExtension(services)
  const hocuspocus = new Hocuspocus({
    name: config.instanceId,
    quiet: true,
    debounce: config.storeDebounceMs,
    maxDebounce: config.storeMaxDebounceMs,
    unloadImmediately: true,
    yDocOptions: { gc: false, gcFilter: () => false },
    extensions: [
      new AuthExtension(services),
      new MessageGuardExtension(services),
      new SchemaGuardExtension(services),
      new PresenceExtension(services),
      new AttributionExtension(services),
      new DurabilityExtension(services),
      indexing,
      ...(options.extensions ?? []),
    ],
  })

  const ws = crossws({
    serverOptions: { maxPayload: config.maxMessageBytes },
    hooks: {
      open(peer) {
        const connection = hocuspocus.handleConnection(peer.websocket as unknown as WebSocketLike, peer.request as Request)
        ;(peer as unknown as { hocuspocus: typeof connection }).hocuspocus = connection
      },
      message(peer, message) {
        const data = message.uint8Array()
        if (!isRoutableFrame(data)) {
          logger.warn({ peer: peer.id, bytes: data.byteLength }, 'refused a frame that is not a Hocuspocus message')
          peer.close(CloseCodes.malformedMessage.code, CloseCodes.malformedMessage.reason)
          return
        }
        (peer as unknown as { hocuspocus?: { handleMessage(data: Uint8Array): void } }).hocuspocus?.handleMessage(data)
      },
      close(peer, event) {
        (peer as unknown as { hocuspocus?: { handleClose(e: { code?: number; reason?: string }): void } }).hocuspocus
          ?.handleClose({ code: event.code, reason: event.reason })
      },
      error(peer, error) {
        logger.warn({ peer: peer.id, err: error }, 'websocket error')
      },
    },
  })

  return {
    hocuspocus,
    indexing,
    handleUpgrade: (request, socket, head) => ws.handleUpgrade(request, socket, head),
    closeAll: () => ws.closeAll(1001, 'server shutting down'),
  }
}
