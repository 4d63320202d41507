import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * New text items that hold the text of other ones: the `length` characters written from
 * (`client`, `clock`) re-insert the deleted characters from (`fromClient`, `fromClock`) — a
 * move — or, when `copy` is set, repeat visible ones there (a copy: the paster's own words,
 * noted as copied).
 */
export interface CarriedSegment {
  client: number
  clock: number
  length: number
  fromClient: number
  fromClock: number
  copy?: boolean
}

/** Compact binary form, stored beside the log row of the update that carried the text. */
export function encodeCarriedSegments(segments: CarriedSegment[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, segments.length)
  for (const s of segments) {
    encoding.writeVarUint(encoder, s.client)
    encoding.writeVarUint(encoder, s.clock)
    encoding.writeVarUint(encoder, s.length)
    encoding.writeVarUint(encoder, s.fromClient)
    encoding.writeVarUint(encoder, s.fromClock)
    encoding.writeVarUint(encoder, s.copy ? 1 : 0)
  }
  return encoding.toUint8Array(encoder)
}

export function decodeCarriedSegments(bytes: Uint8Array): CarriedSegment[] {
  const decoder = decoding.createDecoder(bytes)
  const segments: CarriedSegment[] = []
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const segment: CarriedSegment = {
      client: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      length: decoding.readVarUint(decoder),
      fromClient: decoding.readVarUint(decoder),
      fromClock: decoding.readVarUint(decoder),
    }
    if (decoding.readVarUint(decoder) === 1) segment.copy = true
    segments.push(segment)
  }
  return segments
}
