import type { ApiTitleSuggestion } from '../../shared/linkTypes.ts'
import { cleanTitle, normalizeTitle, parseLinkTarget, titleProblem } from '../../shared/wikiTitle.ts'
import type { WikiLinkChoice } from '../editor/WikiLinkSuggestion.ts'
import { fetchJson } from './useApi.ts'

const LIMIT = 8

/** `GET /api/spaces/:spaceId/titles?prefix=`: pages (and readable spaces) matching what was typed after `[[`. */
export function suggestTitles(spaceId: string, prefix: string, signal?: AbortSignal): Promise<ApiTitleSuggestion[]> {
  const query = `prefix=${encodeURIComponent(prefix)}&limit=${LIMIT}`
  return fetchJson<ApiTitleSuggestion[]>(`/api/spaces/${encodeURIComponent(spaceId)}/titles?${query}`, { signal })
}

/**
 * The choices of the `[[` menu for `typed`: the server's suggestions, then — when no page has
 * exactly that title — a link to a page of that title, which will be red until someone writes it.
 */
export async function wikiLinkChoices(spaceId: string, typed: string, signal?: AbortSignal): Promise<WikiLinkChoice[]> {
  const suggestions = await suggestTitles(spaceId, typed, signal)
  const choices: WikiLinkChoice[] = suggestions.map((s) => ({ kind: s.kind, target: s.target, title: s.title, spaceSlug: s.spaceSlug }))
  const target = cleanTitle(typed)
  const { title, spaceSlug } = parseLinkTarget(target)
  const exact = suggestions.some((s) => s.kind === 'page' && normalizeTitle(s.target) === normalizeTitle(target))
  if (title && !exact && titleProblem(title) === null) choices.push({ kind: 'new', target, title, spaceSlug: spaceSlug ?? '' })
  return choices
}
