import type { HocuspocusProvider } from '@hocuspocus/provider'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import type { Queryable } from '../../../server/core/db/Db.ts'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { docText } from '../../support/providers.ts'

// Hocuspocus's message type for "your update was applied (1) or refused (0)".
const SYNC_STATUS = 8

/** What the server told one provider about its page, as it arrived. */
export interface CollabWatch {
  /** Answers to the provider's updates: true = applied (and stored), false = refused. */
  syncStatuses: boolean[]
  /** Stateless messages, parsed (e.g. `{ type: 'access', readOnly: true }`). */
  notices: unknown[]
  /** Reasons the server gave when it closed the page's connection (the socket may stay open). */
  closeReasons: string[]
}

/** Starts recording what the server sends a provider about its document. */
export function watchCollab(provider: HocuspocusProvider): CollabWatch {
  const watch: CollabWatch = { syncStatuses: [], notices: [], closeReasons: [] }
  provider.on('message', ({ event }: { event: MessageEvent }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer))
    decoding.readVarString(decoder)
    if (decoding.readVarUint(decoder) === SYNC_STATUS) watch.syncStatuses.push(decoding.readVarInt(decoder) === 1)
  })
  provider.on('stateless', ({ payload }: { payload: string }) => watch.notices.push(JSON.parse(payload)))
  provider.on('close', ({ event }: { event: { reason: string } }) => watch.closeReasons.push(event.reason))
  return watch
}

/** The text of a page as Postgres holds it: the compacted state plus the log rows not yet folded in. */
export async function storedText(db: Queryable, pageId: string): Promise<string> {
  const stored = await readStoredDocument(db, pageId)
  const doc = new Y.Doc({ gc: false })
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const row of stored.updates) Y.applyUpdate(doc, row.update)
  return docText(doc)
}
