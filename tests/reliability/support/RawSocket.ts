/** A bare websocket to the collaboration endpoint, speaking whatever bytes a test sends. */
export class RawSocket {
  readonly ws: WebSocket
  /** Resolves with the close code and reason once the socket is closed (by either side). */
  readonly closed: Promise<{ code: number; reason: string }>
  /** Resolves when the socket is open (or rejects when it could not open). */
  readonly opened: Promise<void>
  received = 0
  isClosed = false

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.binaryType = 'arraybuffer'
    this.ws.addEventListener('message', () => { this.received += 1 })
    this.closed = new Promise((resolve) => this.ws.addEventListener('close', (event) => {
      this.isClosed = true
      resolve({ code: event.code, reason: event.reason })
    }))
    this.opened = new Promise((resolve, reject) => {
      this.ws.addEventListener('open', () => resolve())
      this.ws.addEventListener('error', () => reject(new Error(`could not open a websocket to ${url}`)))
    })
    // Errors are seen through `closed`; an unobserved `opened` must not fail the test.
    this.opened.catch(() => {})
  }

  /** Sends bytes unless the socket is closed; returns whether they were sent. */
  send(bytes: Uint8Array): boolean {
    if (this.isClosed || this.ws.readyState !== WebSocket.OPEN) return false
    this.ws.send(bytes)
    return true
  }

  close(): void {
    if (!this.isClosed) this.ws.close()
  }
}
