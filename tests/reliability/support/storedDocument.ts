import * as Y from 'yjs'
import type { Db } from '../../../server/core/db/Db.ts'
import { openDb, type DbTarget } from '../../../server/core/db/openDb.ts'
import { readStoredDocument } from '../../../server/documents/documentQueries.ts'
import { tokensIn } from './Typist.ts'

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

/**
 * Reads every page from the database and checks it against what its writers saw: each page's
 * content must equal `expected`, and every token a typist wrote must be in its page. Returns
 * the number of tokens missing (the scenario's "edits lost"); the equality is asserted by `check`.
 */
export async function countLostEdits(
  target: DbTarget,
  typists: readonly { pageId: string; tokens: readonly string[] }[],
  expected: ReadonlyMap<string, string>,
  check: (pageId: string, stored: string, expected: string | undefined) => void,
): Promise<number> {
  const pageIds = [...new Set(typists.map((t) => t.pageId))]
  const docs = await readStoredDocuments(target, pageIds)
  let lost = 0
  for (const pageId of pageIds) {
    const stored = docs.get(pageId)!
    const present = new Set(tokensIn(stored))
    lost += typists.filter((t) => t.pageId === pageId).flatMap((t) => t.tokens.filter((x) => !present.has(x))).length
    check(pageId, contentOf(stored), expected.get(pageId))
  }
  return lost
}
