import * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { documentTables } from './documentTables.ts'
import {
  lockPageForCompaction, readLoggedUpdates, readStoredDocument, readStoredVersion, writeCompactedState,
} from './documentQueries.ts'

/** Origin of changes the server applies while loading or compacting: no store is scheduled for them. */
export const STORAGE_ORIGIN = { source: 'local', skipStoreHooks: true } as const

function applyAll(doc: Y.Doc, updates: Uint8Array[], onBad: (index: number, error: unknown) => void): void {
  if (updates.length === 0) return
  try {
    Y.applyUpdate(doc, updates.length === 1 ? updates[0] : Y.mergeUpdates(updates), STORAGE_ORIGIN)
  } catch {
    // One bad row must not keep a page from loading: apply them one by one and report the bad ones.
    updates.forEach((update, i) => {
      try { Y.applyUpdate(doc, update, STORAGE_ORIGIN) } catch (error) { onBad(i, error) }
    })
  }
}

/** The `updated_at` of the stored state each loaded document last read or wrote. */
const knownVersion = new WeakMap<Y.Doc, number>()

/** Fills `doc` with the page's stored state and every log row not yet compacted. */
export async function loadDocument(services: Services, pageId: string, doc: Y.Doc): Promise<void> {
  const stored = await readStoredDocument(services.db, pageId)
  if (stored.version !== null) knownVersion.set(doc, stored.version)
  const updates = [...(stored.state ? [stored.state] : []), ...stored.updates.map((u) => u.update)]
  applyAll(doc, updates, (i, error) => services.logger.error({ page: pageId, row: i, err: error }, 'skipped an unreadable stored update'))
}

/**
 * Folds the page's log into its stored state, under a per-page lock so that only one
 * instance compacts at a time. Merges rather than overwrites: log rows and any newer stored
 * state (written by another instance) are applied to `doc` first, so the state written is
 * never older than what was stored. Deletes exactly the log rows it read.
 */
export async function compactDocument(services: Services, pageId: string, doc: Y.Doc): Promise<void> {
  await services.db.transaction(async (tx) => {
    await lockPageForCompaction(tx, pageId)
    const t = documentTables(pageId)
    const exists = await tx.query(`SELECT 1 FROM ${t.owner} WHERE id = $1`, [t.id])
    if (exists.length === 0) return
    const rows = await readLoggedUpdates(tx, pageId)
    applyAll(doc, rows.map((r) => r.update), (i, error) => services.logger.error({ page: pageId, row: rows[i].id, err: error }, 'skipped an unreadable log row'))
    // Another instance stored a state since we last saw it: merge it in before writing ours.
    const version = await readStoredVersion(tx, pageId)
    if (version !== null && version !== knownVersion.get(doc)) {
      const [stored] = await tx.query<{ state: Uint8Array }>(`SELECT state FROM ${t.states} WHERE ${t.key} = $1`, [t.id])
      Y.applyUpdate(doc, stored.state, STORAGE_ORIGIN)
    }
    const written = await writeCompactedState(tx, pageId, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), rows.map((r) => r.id))
    knownVersion.set(doc, written)
  })
}
