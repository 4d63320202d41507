import * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { STORAGE_ORIGIN } from './compactDocument.ts'
import { readStoredDocument } from './documentQueries.ts'

/**
 * Applies to a loaded document everything stored for its page: the compacted state and the
 * log rows. With several instances, one may have logged (and relayed to its clients) an edit
 * this one has not yet heard through Redis, or already compacted it; afterwards the document
 * holds everything any instance has committed.
 */
export async function catchUpWithLog(services: Services, pageId: string, doc: Y.Doc): Promise<void> {
  applyStoredDocument(doc, await readStoredDocument(services.db, pageId))
}

/** Applies a stored state and log rows (read with readStoredDocument) to a document. */
export function applyStoredDocument(doc: Y.Doc, stored: { state: Uint8Array | null; updates: { update: Uint8Array }[] }): void {
  const updates = [...(stored.state ? [stored.state] : []), ...stored.updates.map((u) => u.update)]
  if (updates.length === 0 || doc.isDestroyed) return
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates), STORAGE_ORIGIN)
  } catch {
    // Loading reported unreadable rows already; apply the readable ones.
    for (const update of updates) {
      try { Y.applyUpdate(doc, update, STORAGE_ORIGIN) } catch { /* reported at load */ }
    }
  }
}
