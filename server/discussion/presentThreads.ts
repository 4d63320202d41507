import type * as Y from 'yjs'
import type { ApiComment, ApiThread, ApiThreadEvent } from '../../shared/discussionApi.ts'
import type { Actor } from '../core/Actor.ts'
import { decodeAnchor, passageText } from './passageAnchor.ts'
import type { CommentRow, ThreadEventRow, ThreadRow } from './threadQueries.ts'

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A comment as the API sends it. */
export function presentComment(row: CommentRow): ApiComment {
  return {
    id: row.id,
    author: row.authorId && row.authorName ? { id: row.authorId, username: row.authorName } : null,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
  }
}

/**
 * The threads of a page as the API sends them, each with its comments. An open thread whose
 * passage has no words left in `doc` (the live document) is `orphaned`.
 */
export function presentThreads(
  threads: ThreadRow[], comments: CommentRow[], doc: Y.Doc | null, actor: Actor, may: { edit: boolean; comment: boolean }, authors: Map<string, string>,
): ApiThread[] {
  const byThread = new Map<string, ApiComment[]>()
  for (const comment of comments) {
    let list = byThread.get(comment.threadId)
    if (!list) byThread.set(comment.threadId, (list = []))
    list.push(presentComment(comment))
  }
  return threads.map((thread) => {
    const anchor = thread.anchorStart && thread.anchorEnd ? decodeAnchor(thread.anchorStart, thread.anchorEnd) : null
    let status: ApiThread['status'] = thread.resolvedAt ? 'resolved' : 'open'
    if (status === 'open' && anchor && doc && passageText(doc, anchor).trim() === '') status = 'orphaned'
    const authorName = thread.authorId ? authors.get(thread.authorId) : undefined
    return {
      id: thread.id,
      status,
      quote: thread.quote,
      anchor: thread.anchorStart && thread.anchorEnd ? { start: base64(thread.anchorStart), end: base64(thread.anchorEnd) } : null,
      author: thread.authorId && authorName ? { id: thread.authorId, username: authorName } : null,
      createdAt: thread.createdAt.toISOString(),
      resolvedAt: thread.resolvedAt?.toISOString() ?? null,
      canResolve: actor.userId !== null && may.comment && (may.edit || thread.authorId === actor.userId),
      comments: byThread.get(thread.id) ?? [],
    }
  })
}

/** A thread event as the history timeline shows it. */
export function presentThreadEvent(row: ThreadEventRow): ApiThreadEvent {
  return {
    threadId: row.threadId,
    kind: row.kind,
    actor: row.actorId && row.actorName ? { id: row.actorId, username: row.actorName } : null,
    createdAt: row.createdAt.toISOString(),
  }
}
