import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import * as Y from 'yjs'

/** Milliseconds on the machine's monotonic clock, comparable between processes of one machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** What one replica saw, recorded as flat numbers so that thousands of clients stay cheap. */
export interface Recording {
  /** Per local edit: kind (0 insert, 1 delete), Yjs client, clock, time, page index. */
  sent: number[]
  /** Per remote change applied: kind, Yjs client, first clock, end clock, time. */
  received: number[]
  /** Milliseconds from a local edit to the server's acknowledgement (for Palimpsest: durable). */
  acks: number[]
}

/**
 * One real @hocuspocus/provider on its own websocket, as a browser tab would open it,
 * instrumented to time its own edits, their acknowledgements and the edits of its peers.
 */
export class BenchClient {
  readonly doc: Y.Doc
  readonly provider: HocuspocusProvider
  readonly socket: HocuspocusProviderWebsocket
  readonly pageIndex: number
  recording = false
  private readonly out: Recording
  private readonly pendingAcks: number[] = []
  private unsynced = 0
  private failure: string | null = null

  constructor(options: { url: string; page: string; pageIndex: number; token: string; out: Recording; doc?: Y.Doc }) {
    this.doc = options.doc ?? new Y.Doc()
    this.out = options.out
    this.pageIndex = options.pageIndex
    // No reconnection storms: a bench client that loses its socket is reported, not retried for long.
    this.socket = new HocuspocusProviderWebsocket({ url: options.url, delay: 100, minDelay: 100, maxDelay: 1000, maxAttempts: 3 })
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: options.page,
      document: this.doc,
      token: options.token,
      onAuthenticationFailed: ({ reason }) => { this.failure = `authentication failed: ${reason}` },
    })
    this.provider.on('unsyncedChanges', ({ number }: { number: number }) => this.onUnsynced(number))
    this.doc.on('afterTransaction', (tr: Y.Transaction) => this.onTransaction(tr))
  }

  /** Connects and resolves once the first sync is done (rejects on refusal or after `timeoutMs`). */
  connect(timeoutMs: number): Promise<void> {
    this.provider.attach()
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs
      const check = () => {
        if (this.provider.isSynced) return resolve()
        if (this.failure) return reject(new Error(this.failure))
        if (Date.now() > deadline) return reject(new Error(`no sync within ${timeoutMs} ms`))
        setTimeout(check, 5)
      }
      this.provider.on('synced', () => resolve())
      check()
    })
  }

  /** Makes one local edit in one transaction, timing it from just before it is sent. */
  edit(change: () => void): void {
    this.pendingAcks.push(monotonicMs())
    this.doc.transact(change)
  }

  get unsyncedChanges(): number {
    return this.provider.unsyncedChanges
  }

  destroy(): void {
    this.provider.destroy()
    this.socket.destroy()
  }

  private onUnsynced(number: number): void {
    // Acknowledgements come back in the order the updates were sent on this socket.
    const now = monotonicMs()
    for (let acked = this.unsynced - number; acked > 0 && this.pendingAcks.length > 0; acked--) {
      const sentAt = this.pendingAcks.shift()!
      if (this.recording) this.out.acks.push(now - sentAt)
    }
    if (number === 0) this.pendingAcks.length = 0
    this.unsynced = number
  }

  private onTransaction(tr: Y.Transaction): void {
    if (!this.recording) return
    const now = monotonicMs()
    if (tr.local) {
      // The send time is when the edit started: pendingAcks' last entry.
      const at = this.pendingAcks.at(-1) ?? now
      const own = this.doc.clientID
      const before = tr.beforeState.get(own) ?? 0
      if ((tr.afterState.get(own) ?? 0) > before) this.out.sent.push(0, own, before, at, this.pageIndex)
      for (const [client, items] of tr.deleteSet.clients) {
        if (items.length > 0) { this.out.sent.push(1, client, items[0].clock, at, this.pageIndex); break }
      }
      return
    }
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0
      if (after > before) this.out.received.push(0, client, before, after, now)
    }
    for (const [client, items] of tr.deleteSet.clients) {
      for (const item of items) this.out.received.push(1, client, item.clock, item.clock + item.len, now)
    }
  }
}
