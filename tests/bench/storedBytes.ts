import { openDb } from '../../server/core/db/openDb.ts'
import { readStoredDocument } from '../../server/documents/documentQueries.ts'
import type { ServerTarget } from './ServerTarget.ts'

/** What the database holds for one page's document. */
export interface StoredBytes {
  /** The compacted state plus any log rows not yet folded into it. */
  bytes: number
  stateBytes: number
  logRows: number
}

/**
 * Reads a page's stored document from a stopped target's database, with the server's own
 * query (so the bench measures exactly what Palimpsest loads).
 */
export async function storedBytes(target: ServerTarget, pageId: string): Promise<StoredBytes | null> {
  if (!target.database) return null
  const db = await openDb(target.database)
  try {
    const stored = await readStoredDocument(db, pageId)
    const stateBytes = stored.state?.byteLength ?? 0
    const logBytes = stored.updates.reduce((n, u) => n + u.update.byteLength, 0)
    return { bytes: stateBytes + logBytes, stateBytes, logRows: stored.updates.length }
  } finally {
    await db.close()
  }
}
