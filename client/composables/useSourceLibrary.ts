import type { ApiCitingPage, ApiSource, CitationStyle, CslItem } from '../../shared/citations/citationTypes.ts'
import { fetchJson } from './useApi.ts'

const base = (spaceId: string) => `/api/spaces/${encodeURIComponent(spaceId)}`

/** The source library's API for the sources view. */
export const sourceLibrary = {
  list: (spaceId: string, signal?: AbortSignal) => fetchJson<ApiSource[]>(`${base(spaceId)}/sources`, { signal }),
  style: (spaceId: string, signal?: AbortSignal) => fetchJson<{ style: CitationStyle, styles: CitationStyle[] }>(`${base(spaceId)}/citation-style`, { signal }),
  pickStyle: (spaceId: string, style: CitationStyle) => fetchJson(`${base(spaceId)}/citation-style`, { method: 'PUT', body: { style } }),
  create: (spaceId: string, csl: CslItem) => fetchJson<ApiSource>(`${base(spaceId)}/sources`, { method: 'POST', body: { csl } }),
  import: (spaceId: string, body: { bibtex: string } | { ris: string } | { csl: unknown[] }) => fetchJson<ApiSource[]>(`${base(spaceId)}/sources/import`, { method: 'POST', body }),
  remove: (spaceId: string, sourceId: string) => fetchJson(`${base(spaceId)}/sources/${encodeURIComponent(sourceId)}`, { method: 'DELETE' }),
  citedBy: async (spaceId: string, sourceId: string) => (await fetchJson<{ citedBy: ApiCitingPage[] }>(`${base(spaceId)}/sources/${encodeURIComponent(sourceId)}`)).citedBy,
  exportUrl: (spaceId: string, format: 'bibtex' | 'csl') => `${base(spaceId)}/sources/export?format=${format}`,
  citationNeeded: (spaceId: string, signal?: AbortSignal) => fetchJson<{ needed: ApiCitingPage[], uncited: ApiCitingPage[] }>(`${base(spaceId)}/citation-needed`, { signal }),
}

/** A CSL-JSON item from the "add by hand" form: authors as "Family, Given" separated by semicolons. */
export function cslFromForm(form: { type: string, title: string, authors: string, year: string, container: string, url: string }): CslItem {
  const csl: CslItem = { type: form.type || 'book', title: form.title.trim() }
  const authors = form.authors.split(';').map((a) => a.trim()).filter(Boolean).map((a) => {
    const [family, given] = a.split(',').map((p) => p.trim())
    return given ? { family, given } : { literal: family }
  })
  if (authors.length) csl.author = authors
  if (/^\d{1,4}$/u.test(form.year.trim())) csl.issued = { 'date-parts': [[Number(form.year.trim())]] }
  if (form.container.trim()) csl['container-title'] = form.container.trim()
  if (form.url.trim()) csl.URL = form.url.trim()
  return csl
}
