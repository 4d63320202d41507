import { HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider'
import { shallowRef } from 'vue'
import { CloseCodes } from '../../shared/closeCodes.ts'

/** The collaboration websocket URL for a page served from `location`: same origin, `/collab`. */
export function collabSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/collab`
}

let socket: HocuspocusProviderWebsocket | null = null
let socketSession: string | null = null

/** Close codes of the server's limits, which the page explains while the socket reconnects. */
const LIMIT_CODES: readonly number[] = [CloseCodes.tooManyMessages.code, CloseCodes.tooManyDocuments.code]

/** The limit the server closed the socket for (4429 or 4430), until the socket is connected again. */
export const socketLimitClose = shallowRef<number | null>(null)

/** Whether the browser believes it has a network; drives the "Offline" state at once. */
export const browserOnline = shallowRef(typeof navigator === 'undefined' ? true : navigator.onLine)

/**
 * The one websocket every document of this tab shares (Hocuspocus multiplexes documents).
 * `sessionKey` names who is signed in: the cookie is read when the socket opens, so a socket
 * opened for another session is replaced once no document uses it any more.
 */
export function sharedCollabSocket(sessionKey: string): HocuspocusProviderWebsocket {
  if (socket && socketSession !== sessionKey && socket.configuration.providerMap.size === 0) {
    socket.destroy()
    socket = null
  }
  if (!socket) {
    socket = new HocuspocusProviderWebsocket({
      url: collabSocketUrl(window.location),
      // Retry quickly at first, then back off to at most 10 s while the server is away.
      delay: 500,
      minDelay: 500,
      maxDelay: 10_000,
    })
    socketSession = sessionKey
    socket.on('close', ({ event }: { event: { code: number } }) => {
      if (LIMIT_CODES.includes(event.code)) socketLimitClose.value = event.code
    })
    socket.on('connect', () => { socketLimitClose.value = null })
  }
  return socket
}

// The browser knows about a lost network long before a silent socket times out: close the
// socket so edits count as unsynced, and reconnect as soon as the network is back.
if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  window.addEventListener('offline', () => {
    browserOnline.value = false
    socket?.disconnect()
  })
  window.addEventListener('online', () => {
    browserOnline.value = true
    const current = socket
    if (!current) return
    if (current.status !== WebSocketStatus.Connected) {
      void current.connect()
      return
    }
    // A quick offline/online flap: the close asked for when the network went away has not
    // happened yet, and connect() would do nothing now. Reconnect once the socket has closed.
    const onStatus = ({ status }: { status: WebSocketStatus }) => {
      if (status !== WebSocketStatus.Disconnected) return
      current.off('status', onStatus)
      if (browserOnline.value) void current.connect()
    }
    current.on('status', onStatus)
  })
}
