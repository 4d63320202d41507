import { readFrameAddress } from './readFrameAddress.ts'

/**
 * Whether a websocket frame starts like a Hocuspocus message: a UTF-8 document name and a
 * message type. Hocuspocus cannot route a frame that does not; it would print the decoding
 * error and close with 4401, which clients read as "unauthorized".
 */
export function isRoutableFrame(data: Uint8Array): boolean {
  return readFrameAddress(data) !== null
}
