import type { DocumentIndexer, SkipCheck } from '../core/DocumentIndexer.ts'
import { oncePerNode } from '../core/oncePerNode.ts'
import { lockLiveCitingPage, pageHasCitations, readPageCitations, replacePageCitations, type CitationRow } from './citationQueries.ts'
import { extractCitations } from './extractCitations.ts'

const rowKey = (row: CitationRow) => JSON.stringify([row.position, row.kind, row.sourceId, row.locator, row.note])

/**
 * The citation indexer: keeps a page's rows in `citations` equal to the citations, notes and
 * markers of its document (for "what cites this", the maintenance views and the refusal to
 * delete a cited source). Writes nothing when they are as stored; a deleted page keeps none.
 */
export function citationIndexer(): DocumentIndexer {
  const extract = oncePerNode(extractCitations)
  const citations: DocumentIndexer = async ({ pageId, node, tx }) => {
    const rows = extract(node)
    const page = await lockLiveCitingPage(tx, pageId)
    const before = await readPageCitations(tx, pageId)
    const after = page ? rows : []
    if (before.length === after.length && before.every((row, i) => rowKey(row) === rowKey(after[i]))) return
    await replacePageCitations(tx, pageId, after)
  }
  // Most pages cite nothing: with nothing extracted and nothing stored a run would only confirm it.
  return Object.assign(citations, {
    canSkip: async ({ pageId, node, db }: SkipCheck) => extract(node).length === 0 && !(await pageHasCitations(db, pageId)),
  })
}
