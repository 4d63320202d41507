import type { CslItem } from '../../shared/citations/citationTypes.ts'
import { citationJs } from './citationJs.ts'

/** A source to export: its id and CSL-JSON item. */
export interface SourceToExport {
  id: string
  csl: CslItem
}

/** Sources as CSL-JSON items, each with the source's id as its `id`. */
export function exportCsl(sources: SourceToExport[]): CslItem[] {
  return sources.map((s) => ({ ...s.csl, id: s.id }))
}

/** Sources as a BibTeX file (citation-js); an entry keeps the key it was imported with, else its id. */
export function exportBibtex(sources: SourceToExport[]): string {
  if (sources.length === 0) return ''
  const { Cite } = citationJs()
  const items = sources.map((s) => ({ ...s.csl, id: s.id, 'citation-key': typeof s.csl['citation-key'] === 'string' ? s.csl['citation-key'] : s.id }))
  return new Cite(items, { generateGraph: false }).format('bibtex')
}
