import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Extension, Hocuspocus, WebSocketLike } from '@hocuspocus/server'
import type { Peer } from 'crossws'
import crossws from 'crossws/adapters/node'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { peerAddress } from '../http/clientAddress.ts'
import type { Services } from '../core/Services.ts'
import { AttributionExtension } from './AttributionExtension.ts'
import { AuthExtension } from './AuthExtension.ts'
import { ConnectionsPerAddress } from './ConnectionsPerAddress.ts'
import { DurabilityExtension } from './DurabilityExtension.ts'
import { IndexingExtension } from './IndexingExtension.ts'
import { MessageGuardExtension } from './MessageGuardExtension.ts'
import { PresenceExtension } from './PresenceExtension.ts'
import { readFrameAddress } from './readFrameAddress.ts'
import { SchemaGuardExtension } from './SchemaGuardExtension.ts'
import { SocketGuard } from './SocketGuard.ts'

/** The collaboration server and the function that takes websocket upgrades for it. */
export interface Collab {
  hocuspocus: Hocuspocus
  indexing: IndexingExtension
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>
  closeAll(): void
}

/** What the server keeps per websocket: Hocuspocus's side of it and its limits. */
interface PeerState {
  connection: ReturnType<Hocuspocus['handleConnection']>
  guard: SocketGuard
}

const TOO_MANY_CONNECTIONS = 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'

/**
 * Configures the services' Hocuspocus in library mode: no server of its own; the crossws node adapter takes the
 * upgrades of our HTTP server. One extension per concern; extra ones (Redis, revisions…)
 * are passed in. Yjs documents are created without garbage collection. Every socket is held
 * to the limits of `config.limits`: sockets per address at the upgrade, messages per second
 * and open documents per frame (SocketGuard), and a send buffer that may not grow past its cap.
 */
export function createCollab(services: Services, options: { extensions?: Extension[] }): Collab {
  const { config, logger, metrics, hocuspocus } = services
  const indexing = new IndexingExtension(services)
  hocuspocus.configure({
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

  const peers = new WeakMap<Peer, PeerState>()
  const perAddress = new ConnectionsPerAddress(config.limits.connectionsPerAddress)

  /** A reader whose send buffer outgrew its cap: cut at once (a close frame would only queue behind the rest). */
  const dropSlowReader = (peer: Peer) => {
    if (peer.websocket.readyState !== 1) return
    metrics.limitRefusals.inc({ limit: 'slow-reader' })
    logger.warn({ peer: peer.id, buffered: peer.bufferedAmount }, 'dropped a websocket that does not read what it is sent')
    peer.terminate()
  }

  const ws = crossws({
    serverOptions: { maxPayload: config.maxMessageBytes },
    hooks: {
      open(peer) {
        const guard = new SocketGuard(config.limits)
        const socket: WebSocketLike = {
          send(data) {
            peer.send(data as Uint8Array)
            if (guard.tooSlow(peer.bufferedAmount)) dropSlowReader(peer)
          },
          close: (code, reason) => peer.close(code, reason),
          get readyState() { return peer.websocket.readyState ?? 3 },
        }
        peers.set(peer, { connection: hocuspocus.handleConnection(socket, peer.request as Request), guard })
      },
      message(peer, message) {
        const state = peers.get(peer)
        const data = message.uint8Array()
        const address = readFrameAddress(data)
        if (!address) {
          logger.warn({ peer: peer.id, bytes: data.byteLength }, 'refused a frame that is not a Hocuspocus message')
          peer.close(CloseCodes.malformedMessage.code, CloseCodes.malformedMessage.reason)
          return
        }
        if (!state) return
        const refusal = state.guard.admit(address)
        if (refusal === 'drop') return
        if (refusal) {
          metrics.limitRefusals.inc({ limit: refusal.reason })
          logger.warn({ peer: peer.id, reason: refusal.reason }, 'closed a websocket over its limits')
          peer.close(refusal.code, refusal.reason)
          return
        }
        state.connection.handleMessage(data)
      },
      close(peer, event) {
        peers.get(peer)?.connection.handleClose({ code: event.code ?? 1005, reason: event.reason ?? '' })
        peers.delete(peer)
      },
      error(peer, error) {
        logger.warn({ peer: peer.id, err: error }, 'websocket error')
      },
    },
  })

  return {
    hocuspocus,
    indexing,
    async handleUpgrade(request, socket, head) {
      const address = peerAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'] as string | undefined)
      const release = perAddress.admit(address)
      if (!release) {
        metrics.limitRefusals.inc({ limit: 'connections-per-address' })
        logger.warn({ address }, 'refused a websocket: too many open from this address')
        socket.end(TOO_MANY_CONNECTIONS)
        return
      }
      socket.once('close', release)
      await ws.handleUpgrade(request, socket, head)
    },
    closeAll: () => ws.closeAll(1001, 'server shutting down'),
  }
}
