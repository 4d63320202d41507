import type { ApiResolvedTitle, ApiTargetResolution } from '../../shared/linkTypes.ts'
import { fetchJson } from './useApi.ts'

const BATCH = 100

/**
 * The page a title (or an old title of a renamed page) leads to in a space, or null when there
 * is none the caller may read. Asked through `resolutions`, which answers a red link with
 * null rather than a 404 the browser would log as an error.
 */
export async function resolveTitle(spaceId: string, title: string, signal?: AbortSignal): Promise<ApiResolvedTitle | null> {
  const [answer] = await resolveTargets(spaceId, [title], signal)
  return answer?.page ?? null
}

/** `GET /api/spaces/:spaceId/resolutions`: where each link target, written in that space, leads. */
export async function resolveTargets(spaceId: string, targets: string[], signal?: AbortSignal): Promise<ApiTargetResolution[]> {
  const answers: ApiTargetResolution[] = []
  for (let i = 0; i < targets.length; i += BATCH) {
    const query = targets.slice(i, i + BATCH).map((t) => `target=${encodeURIComponent(t)}`).join('&')
    answers.push(...await fetchJson<ApiTargetResolution[]>(`/api/spaces/${encodeURIComponent(spaceId)}/resolutions?${query}`, { signal }))
  }
  return answers
}
