/**
 * Websocket close codes and reasons Palimpsest's collaboration server uses (4000–4999 is the
 * application range). Clients show a message for each instead of retrying blindly.
 */
export const CloseCodes = {
  /** The message did not decode as a Hocuspocus/Yjs message, or its update broke the page schema; nothing of it was stored. */
  malformedMessage: { code: 4400, reason: 'malformed-message' },
  /** The message was larger than the server accepts. */
  messageTooLarge: { code: 4413, reason: 'message-too-large' },
  /** The update writes new text under a Yjs client id that belongs to another user (or to nobody) on this page. */
  clientIdTaken: { code: 4409, reason: 'client-id-taken' },
  /** The update could not be made durable (the database refused it); the client keeps it and retries. */
  notStored: { code: 4503, reason: 'not-stored' },
  /** The user's access to the page changed (removed from the space, or became a viewer). */
  accessChanged: { code: 4403, reason: 'access-changed' },
  /** The session the connection was opened with was signed out or has expired. */
  sessionEnded: { code: 4401, reason: 'session-ended' },
  /** The socket sent more messages per second than the server allows; it may reconnect. */
  tooManyMessages: { code: 4429, reason: 'too-many-messages' },
  /** The socket tried to open more documents at once than the server allows. */
  tooManyDocuments: { code: 4430, reason: 'too-many-documents' },
} as const
