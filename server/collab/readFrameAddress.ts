import * as decoding from 'lib0/decoding'

/** Where a Hocuspocus frame goes: its routing key (document name, maybe with a session) and message type. */
export interface FrameAddress {
  key: string
  type: number
}

/** Reads a frame's address, or null when the frame does not start like a Hocuspocus message. */
export function readFrameAddress(data: Uint8Array): FrameAddress | null {
  try {
    const decoder = decoding.createDecoder(data)
    const key = decoding.readVarString(decoder)
    return { key, type: decoding.readVarUint(decoder) }
  } catch {
    return null
  }
}
