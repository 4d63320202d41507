import * as encoding from 'lib0/encoding'

/** Hocuspocus message types (server/src/types.ts of @hocuspocus/server). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, syncReply: 4, stateless: 5, close: 7 } as const

/**
 * One Hocuspocus message, as a hand-made client sends it: the document's name, then what
 * `write` puts after it (the message type first).
 */
export function hocuspocusMessage(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, documentName)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** The authentication message a provider sends first for a document. */
export function authMessage(documentName: string, token: string): Uint8Array {
  return hocuspocusMessage(documentName, (e) => { encoding.writeVarUint(e, MessageType.auth); encoding.writeVarUint(e, 0); encoding.writeVarString(e, token) })
}

/** A sync message (step 1 with a state vector, step 2 or update with a Yjs update). */
export function syncMessage(documentName: string, step: 0 | 1 | 2, payload: Uint8Array, type: number = MessageType.sync): Uint8Array {
  return hocuspocusMessage(documentName, (e) => { encoding.writeVarUint(e, type); encoding.writeVarUint(e, step); encoding.writeVarUint8Array(e, payload) })
}
