import type { ApiLinkPreview, ApiPagePreview } from '../../shared/previewTypes.ts'
import { fetchJson } from './useApi.ts'
import { useSession } from './useSession.ts'

/** What a hover card is asked to show: a link target written in a space, or a page by id (a backlink). */
export type PreviewSubject = { spaceId: string; target: string } | { pageId: string }

/** How long a preview is trusted before it is asked again (a page may have changed meanwhile). */
const FRESH_MS = 60_000
const MAX_ENTRIES = 300

interface Entry {
  at: number
  answer: Promise<ApiLinkPreview>
}

// One cache per tab, keyed by who is signed in too: signing in or out must not show what the
// other person may read.
const cache = new Map<string, Entry>()

function keyOf(subject: PreviewSubject, userId: string): string {
  return 'pageId' in subject ? `${userId}\npage\n${subject.pageId}` : `${userId}\n${subject.spaceId}\n${subject.target}`
}

function ask(subject: PreviewSubject): Promise<ApiLinkPreview> {
  if ('pageId' in subject) {
    return fetchJson<ApiPagePreview>(`/api/pages/${encodeURIComponent(subject.pageId)}/preview`).then((preview) => ({
      target: preview.title, state: 'page', title: preview.title, preview, canCreate: false, spaceSlug: preview.spaceSlug,
    }))
  }
  return fetchJson<ApiLinkPreview>(`/api/spaces/${encodeURIComponent(subject.spaceId)}/preview?target=${encodeURIComponent(subject.target)}`)
}

/**
 * A link's preview, from the cache when it is fresh (so a second hover shows at once), else
 * from the server. A failed answer is not kept: the next hover asks again.
 */
export function loadLinkPreview(subject: PreviewSubject): Promise<ApiLinkPreview> {
  const { user } = useSession()
  const key = keyOf(subject, user.value?.id ?? '')
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.answer
  const answer = ask(subject)
  cache.set(key, { at: Date.now(), answer })
  answer.catch(() => { if (cache.get(key)?.answer === answer) cache.delete(key) })
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string)
  return answer
}

/** Forgets every preview (e.g. when the server says links or pages changed). */
export function forgetLinkPreviews(): void {
  cache.clear()
}
