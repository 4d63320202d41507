import type { ApiFormattedSource, CslItem } from '../../shared/citations/citationTypes.ts'
import { citationJs } from './citationJs.ts'

/** A source to format: its id and CSL-JSON item. */
export interface SourceToFormat {
  id: string
  csl: CslItem
}

/**
 * Formats sources as bibliography entries in a CSL style with citeproc (through
 * citation-js), as HTML and as text, in the order given. Ids without a source come back as
 * missing.
 */
export function formatSources(sources: SourceToFormat[], ids: string[], style: string): ApiFormattedSource[] {
  const { Cite } = citationJs()
  const found = sources.filter((s) => ids.includes(s.id))
  const html = new Map<string, string>()
  const text = new Map<string, string>()
  if (found.length > 0) {
    const cite = new Cite(found.map((s) => ({ ...s.csl, id: s.id })), { generateGraph: false })
    for (const [id, entry] of cite.format('bibliography', { format: 'html', template: style, lang: 'en-US', asEntryArray: true })) html.set(id, entry.trim())
    for (const [id, entry] of cite.format('bibliography', { format: 'text', template: style, lang: 'en-US', asEntryArray: true })) text.set(id, entry.trim())
  }
  return ids.map((id) => ({ id, html: html.get(id) ?? '', text: text.get(id) ?? '', missing: !html.has(id) }))
}
