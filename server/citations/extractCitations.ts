import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { isUuid } from '../core/isUuid.ts'
import type { CitationRow } from './citationQueries.ts'

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/**
 * The citations, notes and citation-needed markers of a page, in document order. A citation
 * naming no valid source id and holding no note is kept as a citation of a missing source.
 */
export function extractCitations(node: ProseMirrorNode): CitationRow[] {
  const rows: CitationRow[] = []
  node.descendants((child) => {
    if (child.type.name === 'citationNeeded') {
      rows.push({ position: rows.length, kind: 'needed', sourceId: null, locator: '', note: '' })
    } else if (child.type.name === 'citation') {
      const sourceId = text(child.attrs.sourceId)
      const note = text(child.attrs.note)
      const kind = !sourceId && note ? 'note' : 'source'
      rows.push({ position: rows.length, kind, sourceId: isUuid(sourceId) ? sourceId.toLowerCase() : null, locator: text(child.attrs.locator), note })
    }
    return true
  })
  return rows
}
