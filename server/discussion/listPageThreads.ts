import type { ApiThread } from '../../shared/discussionApi.ts'
import type { Actor } from '../core/Actor.ts'
import type { Services } from '../core/Services.ts'
import { usernamesByIds } from '../accounts/userQueries.ts'
import { authorizePage } from '../policies/authorize.ts'
import { presentThreads } from './presentThreads.ts'
import { readLiveDocument } from './readLiveDocument.ts'
import { listComments, listThreads } from './threadQueries.ts'

/** The threads of a page with their comments, for its readers (others get 404). */
export async function listPageThreads(services: Services, actor: Actor, pageId: string): Promise<ApiThread[]> {
  const { db } = services
  const { page, abilities } = await authorizePage(db, actor, pageId, 'read')
  const threads = await listThreads(db, page.id)
  if (threads.length === 0) return []
  const comments = await listComments(db, threads.map((t) => t.id))
  const authors = await usernamesByIds(db, [...new Set(threads.flatMap((t) => (t.authorId ? [t.authorId] : [])))])
  // The document is read only when some open thread has a passage to check.
  const needsDoc = threads.some((t) => t.anchorStart && !t.resolvedAt)
  const doc = needsDoc ? await readLiveDocument(services, page.id) : null
  return presentThreads(threads, comments, doc, actor, abilities, authors)
}
