import { CloseCodes } from '../../shared/closeCodes.ts'
import type { Limits } from '../core/config.ts'
import { TokenBucket } from '../limits/TokenBucket.ts'
import type { FrameAddress } from './readFrameAddress.ts'

/** Hocuspocus's message type for "this document is closed" (a provider detaching sends it). */
const CLOSE_MESSAGE = 7

/** What to do with a frame the guard refuses: close the socket with this code, or drop it silently. */
export type Refusal = { code: number; reason: string } | 'drop'

/**
 * The limits of one collaboration websocket, checked on every frame before Hocuspocus sees it:
 * messages per second (a token bucket; awareness counts like any other message) and documents
 * open at once (Hocuspocus multiplexes documents over one socket, each under its own routing
 * key). Once it has refused a frame, every later one is dropped while the socket closes.
 */
export class SocketGuard {
  private readonly bucket: TokenBucket
  private readonly documents = new Set<string>()
  private readonly limits: Limits
  private refused = false

  constructor(limits: Limits) {
    this.limits = limits
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
  }

  /** Null when the frame may go on to Hocuspocus, else what to do instead. */
  admit({ key, type }: FrameAddress): Refusal | null {
    if (this.refused) return 'drop'
    if (this.bucket.take() > 0) return this.refuse(CloseCodes.tooManyMessages)
    if (type === CLOSE_MESSAGE) {
      this.documents.delete(key)
      return null
    }
    if (!this.documents.has(key)) {
      if (this.documents.size >= this.limits.documentsPerConnection) return this.refuse(CloseCodes.tooManyDocuments)
      this.documents.add(key)
    }
    return null
  }

  /** Whether a socket with this many bytes waiting to be sent reads too slowly to be kept. */
  tooSlow(bufferedAmount: number): boolean {
    return bufferedAmount > this.limits.sendBufferBytes
  }

  private refuse(close: { code: number; reason: string }): Refusal {
    this.refused = true
    return close
  }
}
