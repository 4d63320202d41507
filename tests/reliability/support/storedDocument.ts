import * as Y from 'yjs'
import type { Db } from '../../../server/db/Db.ts'
import { openDb, type DbTarget } from '../../../server/db/openDb.ts'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'

/** A page's document as the database holds it: stored state plus the log rows not yet compacted. */
export async function storedDocument(db: Db, pageId: string): Promise<Y.Doc> {
  const stored = await readStoredDocument(db, pageId)
  const doc = new Y.Doc({ gc: false })
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const row of stored.updates) Y.applyUpdate(doc, row.update)
  return doc
}

/** Opens the database (no server running on it, for PGlite), reads several pages, closes it. */
export async function readStoredDocuments(target: DbTarget, pageIds: string[]): Promise<Map<string, Y.Doc>> {
  const db = await openDb(target)
  try {
    const docs = new Map<string, Y.Doc>()
    for (const pageId of pageIds) docs.set(pageId, await storedDocument(db, pageId))
    return docs
  } finally {
    await db.close()
  }
}

/** The page's content as XML, the form replicas are compared in. */
export function contentOf(doc: Y.Doc): string {
  return doc.getXmlFragment('default').toString()
}
