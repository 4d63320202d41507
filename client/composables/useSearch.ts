import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { MAX_SEARCH_QUERY_LENGTH, type ApiSearchResult } from '../../shared/searchApi.ts'
import { cleanTitle, normalizeTitle, titleProblem } from '../../shared/wikiTitle.ts'
import type { ApiSpace as Space } from '../../shared/apiTypes.ts'
import { newPagePath, pagePath } from '../paths.ts'
import { ApiError, fetchJson, toApiError, type RequestStatus } from './useApi.ts'
import { createPage } from './usePages.ts'

/** `GET /api/search`: pages the caller may read, best match first. */
export function searchPages(
  q: string, options: { spaceId?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<ApiSearchResult[]> {
  const params = new URLSearchParams({ q: q.slice(0, MAX_SEARCH_QUERY_LENGTH) })
  if (options.spaceId) params.set('spaceId', options.spaceId)
  if (options.limit) params.set('limit', String(options.limit))
  return fetchJson<ApiSearchResult[]>(`/api/search?${params}`, { signal: options.signal })
}

/** The results page for a query, optionally limited to one space. */
export function searchPath(q: string, spaceSlug?: string | null): string {
  const params = new URLSearchParams({ q })
  if (spaceSlug) params.set('space', spaceSlug)
  return `/search?${params}`
}

/** Whether a result in `spaceId` has exactly the title `q` (by the wiki's title rule). */
export function hasExactTitle(results: readonly ApiSearchResult[], q: string, spaceId: string | null | undefined): boolean {
  const key = normalizeTitle(q)
  return results.some((result) => result.spaceId === spaceId && normalizeTitle(result.title) === key)
}

/**
 * The title a "Create page" offer would create from `q` in `space`, or null when there is
 * nothing to offer: no space the user may edit, an unusable title, or a page with exactly
 * that title among `results`.
 */
export function titleToCreate(q: string, space: Space | null, results: readonly ApiSearchResult[]): string | null {
  const title = cleanTitle(q)
  if (!space?.abilities.edit || !title || titleProblem(title)) return null
  return hasExactTitle(results, title, space.id) ? null : title
}

/**
 * Creates the page and resolves to its address; when that fails (say, someone just took the
 * title), resolves to the new-page form filled in, which says why and offers the way on.
 */
export async function createPageFromSearch(space: Space, title: string): Promise<string> {
  try {
    return pagePath(space.slug, await createPage(space.id, title))
  } catch {
    return newPagePath(space.slug, title)
  }
}

/** A piece of a snippet: plain text, marked when it is a matched word. */
export interface SnippetPart {
  text: string
  marked: boolean
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }

/**
 * Splits the server's snippet (escaped text with `<mark>` around matches) into parts the
 * template renders as text — never as HTML, so nothing in a page can inject markup.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  return snippet.split(/(<mark>.*?<\/mark>)/su).filter(Boolean).map((piece) => {
    const marked = piece.startsWith('<mark>') && piece.endsWith('</mark>')
    const inner = marked ? piece.slice('<mark>'.length, -'</mark>'.length) : piece
    return { text: inner.replace(/&(?:amp|lt|gt|quot|#39);/gu, (entity) => ENTITIES[entity]), marked }
  })
}

/** A live search: results follow the query as it is typed. */
export interface LiveSearch {
  results: ShallowRef<ApiSearchResult[]>
  status: Ref<RequestStatus>
  error: ShallowRef<ApiError | null>
  /** The query the current results answer. */
  answered: Ref<string>
  /** Searches now (no debounce), e.g. after "Try again". */
  run: () => Promise<void>
}

const DEBOUNCE_MS = 120

/**
 * Searches as `query()` changes, debounced; a newer query cancels the request of an older one,
 * so results never arrive out of order. An empty query clears the results ('idle').
 */
export function useSearch(
  query: () => string, options: { spaceId?: () => string | null | undefined; limit?: () => number } = {},
): LiveSearch {
  const results = shallowRef<ApiSearchResult[]>([])
  const status = shallowRef<RequestStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  const answered = shallowRef('')
  let timer: ReturnType<typeof setTimeout> | undefined
  let current: AbortController | null = null

  async function run(): Promise<void> {
    clearTimeout(timer)
    current?.abort()
    const q = query().trim()
    if (!q) {
      current = null
      results.value = []
      answered.value = ''
      status.value = 'idle'
      error.value = null
      return
    }
    const controller = new AbortController()
    current = controller
    status.value = 'loading'
    try {
      const found = await searchPages(q, { spaceId: options.spaceId?.(), limit: options.limit?.(), signal: controller.signal })
      if (current !== controller) return
      results.value = found
      answered.value = q
      error.value = null
      status.value = 'ready'
    } catch (cause) {
      if (current !== controller) return
      error.value = toApiError(cause)
      status.value = 'error'
    }
  }

  watch([query, () => options.spaceId?.(), () => options.limit?.()], () => {
    clearTimeout(timer)
    timer = setTimeout(() => void run(), query().trim() ? DEBOUNCE_MS : 0)
  }, { immediate: true })
  onBeforeUnmount(() => {
    clearTimeout(timer)
    current?.abort()
  })

  return { results, status, error, answered, run }
}
