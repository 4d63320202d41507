import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { authMessage, hocuspocusMessage, MessageType, syncMessage } from '../../support/hocuspocusMessages.ts'
import { waitFor } from '../../support/providers.ts'

// The answers to authentication (common/src/auth.ts of @hocuspocus/common).
const PERMISSION_DENIED = 1
const AUTHENTICATED = 2

/** What a provider sends to open a document: its token, then sync step 1 with an empty state vector. */
export function openFrames(documentName: string, token = 'anonymous'): Uint8Array[] {
  return [authMessage(documentName, token), syncMessage(documentName, 0, Y.encodeStateVector(new Y.Doc()))]
}

/** What a provider sends when it lets go of a document. */
export function closeFrame(documentName: string): Uint8Array {
  return hocuspocusMessage(documentName, (e) => encoding.writeVarUint(e, MessageType.close))
}

/** An awareness message announcing `clock`'s state of client `clientId` (a caret, a name). */
export function awarenessFrame(documentName: string, clientId: number, clock: number): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, clock)
  encoding.writeVarString(update, JSON.stringify({ user: { name: 'flood' }, cursor: { anchor: clock } }))
  return hocuspocusMessage(documentName, (e) => { encoding.writeVarUint(e, MessageType.awareness); encoding.writeVarUint8Array(e, encoding.toUint8Array(update)) })
}

/**
 * A bare collaboration websocket (the `ws` client, so a test can stop reading from it), that
 * records the server's answers to authentication per document and how the socket closed.
 */
export class CollabWire {
  readonly ws: WebSocket
  /** Document name → 'authenticated' or the permission-denied reason. */
  readonly answers = new Map<string, string>()
  closed: { code: number; reason: string } | null = null
  /** The HTTP status when the server refused the upgrade. */
  refusedWith: number | null = null
  readonly opened: Promise<boolean>

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.on('message', (data: Buffer) => this.read(new Uint8Array(data)))
    this.ws.on('close', (code, reason) => { this.closed = { code, reason: reason.toString() } })
    this.ws.on('error', () => {})
    // With this listener ws leaves the refused request to us: note the status and end it.
    this.ws.on('unexpected-response', (_request, response) => {
      this.refusedWith = response.statusCode ?? 0
      response.resume()
      this.ws.terminate()
    })
    this.opened = new Promise((resolve) => {
      this.ws.once('open', () => resolve(true))
      this.ws.once('close', () => resolve(false))
    })
  }

  /** Sends a frame now, or as soon as the socket is open. */
  send(bytes: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes)
    else if (this.ws.readyState === WebSocket.CONNECTING) this.ws.once('open', () => this.ws.send(bytes))
  }

  /** Opens a document as a provider would (anonymous unless given a token). */
  open(documentName: string, token?: string): void {
    for (const bytes of openFrames(documentName, token)) this.send(bytes)
  }

  /** Sends only the token for a document: enough for the server to load it once authorized. */
  authenticate(documentName: string, token?: string): void {
    this.send(openFrames(documentName, token)[0])
  }

  /** Waits until the server has answered authentication for `count` documents. */
  async answered(count: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(() => this.answers.size >= count || this.closed, `${count} authentication answers`, timeoutMs)
  }

  /** Resolves with the close code and reason once the socket has closed. */
  async closing(timeoutMs = 15_000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, 'the socket to close', timeoutMs)
  }

  /** Stops reading from the TCP socket: the server's writes pile up, as with a client that never reads. */
  stopReading(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause()
  }

  close(): void {
    this.ws.terminate()
  }

  private read(data: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(data)
      const name = decoding.readVarString(decoder)
      if (decoding.readVarUint(decoder) !== MessageType.auth) return
      const kind = decoding.readVarUint(decoder)
      if (kind === AUTHENTICATED) this.answers.set(name, 'authenticated')
      else if (kind === PERMISSION_DENIED) this.answers.set(name, decoding.readVarString(decoder))
    } catch {
      // Not a frame this test reads.
    }
  }
}
