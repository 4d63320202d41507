import type { connectedPayload, Extension } from '@hocuspocus/server'
import * as Y from 'yjs'
import { STORAGE_ORIGIN } from '../documents/compactDocument.ts'
import { readLoggedUpdates } from '../documents/documentQueries.ts'
import type { Services } from '../core/Services.ts'

/**
 * Reads the durable log into a loaded document when another client joins it. Relaying an edit
 * through Redis is a round trip of its own, apart from logging and acknowledging it, so when an
 * instance dies (or Redis drops a message) edits it logged may have reached no other instance.
 * Its clients reconnect to an instance that has the page open, and this brings that page (and
 * its readers) up to date even if the edits' authors are gone. Runs are coalesced per page; a
 * first connection skips it (loading just read the log).
 */
export class LogCatchUpExtension implements Extension {
  extensionName = 'LogCatchUp'
  private readonly services: Services
  /** Pages being caught up, and whether another run was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean }>()

  constructor(services: Services) {
    this.services = services
  }

  async connected({ documentName, instance }: connectedPayload): Promise<void> {
    const document = instance.documents.get(documentName)
    if (!document || document.getConnectionsCount() <= 1) return
    const run = this.running.get(documentName)
    if (run) {
      run.again = true
      return
    }
    const state = { again: true }
    this.running.set(documentName, state)
    try {
      while (state.again) {
        state.again = false
        const rows = await readLoggedUpdates(this.services.db, documentName)
        if (rows.length > 0 && !document.isDestroyed) applyRows(document, rows.map((r) => r.update))
      }
    } catch (err) {
      this.services.logger.warn({ err, page: documentName }, 'could not catch a document up with the log')
    } finally {
      this.running.delete(documentName)
    }
  }
}

function applyRows(doc: Y.Doc, updates: Uint8Array[]): void {
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates), STORAGE_ORIGIN)
  } catch {
    // Loading already reported unreadable rows; apply the readable ones.
    for (const update of updates) {
      try { Y.applyUpdate(doc, update, STORAGE_ORIGIN) } catch { /* reported at load */ }
    }
  }
}
