import { shallowRef } from 'vue'
import type { ApiFormattedSource, ApiSource, CslItem } from '../../shared/citations/citationTypes.ts'
import { fetchJson, toApiError, type ApiError } from './useApi.ts'

/** A short label of a CSL-JSON item for menus: first author, year, title. */
export function sourceLabel(csl: CslItem): string {
  const authors = Array.isArray(csl.author) ? csl.author as { family?: string; literal?: string }[] : []
  const who = authors[0]?.family ?? authors[0]?.literal ?? ''
  const issued = csl.issued as { 'date-parts'?: unknown[][] } | undefined
  const year = issued?.['date-parts']?.[0]?.[0]
  const title = typeof csl.title === 'string' ? csl.title : 'Untitled'
  return [who, year ? String(year) : '', title].filter(Boolean).join(' · ')
}

/**
 * The sources of a space for a page: the library (for the `[^` menu), loaded on demand, and
 * the cited ones formatted in the space's style (for the references and the citation card),
 * fetched as new ids appear. Failures are kept as `error`, never thrown.
 */
export function useCitationSources(spaceId: () => string) {
  const library = shallowRef<ApiSource[] | null>(null)
  const libraryError = shallowRef<ApiError | null>(null)
  const formatted = shallowRef<ReadonlyMap<string, ApiFormattedSource>>(new Map())
  const formatError = shallowRef<ApiError | null>(null)
  let asked = new Set<string>()

  async function loadLibrary(): Promise<void> {
    try {
      library.value = await fetchJson<ApiSource[]>(`/api/spaces/${encodeURIComponent(spaceId())}/sources`)
      libraryError.value = null
    } catch (cause) {
      libraryError.value = toApiError(cause)
    }
  }

  /** Fetches the formatted entries of the ids not asked for yet. */
  async function format(ids: string[]): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => id && !asked.has(id))
    if (wanted.length === 0) return
    for (const id of wanted) asked.add(id)
    const query = wanted.slice(0, 500).map((id) => `id=${encodeURIComponent(id)}`).join('&')
    try {
      const answer = await fetchJson<{ entries: ApiFormattedSource[] }>(`/api/spaces/${encodeURIComponent(spaceId())}/sources/formatted?${query}`)
      const next = new Map(formatted.value)
      for (const entry of answer.entries) next.set(entry.id, entry)
      formatted.value = next
      formatError.value = null
    } catch (cause) {
      for (const id of wanted) asked.delete(id)
      formatError.value = toApiError(cause)
    }
  }

  /** Forgets formatted entries (after the library changed), then fetches `ids` again. */
  function refresh(ids: string[]): Promise<void> {
    asked = new Set()
    return format(ids)
  }

  return { library, libraryError, loadLibrary, formatted, formatError, format, refresh }
}

/** What `useCitationSources` returns. */
export type CitationSources = ReturnType<typeof useCitationSources>
