import type { DocumentIndexer } from '../core/DocumentIndexer.ts'
import { lockLiveCitingPage, readPageCitations, replacePageCitations, type CitationRow } from './citationQueries.ts'
import { extractCitations } from './extractCitations.ts'

const rowKey = (row: CitationRow) => JSON.stringify([row.position, row.kind, row.sourceId, row.locator, row.note])

/**
 * The citation indexer: keeps a page's rows in `citations` equal to the citations, notes and
 * markers of its document (for "what cites this", the maintenance views and the refusal to
 * delete a cited source). Writes nothing when they are as stored; a deleted page keeps none.
 */
export function citationIndexer(): DocumentIndexer {
  return async function citations({ pageId, node, tx }) {
    const rows = extractCitations(node)
    const page = await lockLiveCitingPage(tx, pageId)
    const before = await readPageCitations(tx, pageId)
    const after = page ? rows : []
    if (before.length === after.length && before.every((row, i) => rowKey(row) === rowKey(after[i]))) return
    await replacePageCitations(tx, pageId, after)
  }
}
