import type { ApiNotification } from '../../shared/discussionApi.ts'
import type { NotificationRow } from './notificationQueries.ts'

/** A notification as the API sends it. */
export function presentNotification(row: NotificationRow): ApiNotification {
  return {
    id: row.id,
    kind: row.kind,
    read: row.readAt !== null,
    pageId: row.pageId,
    pageTitle: row.pageTitle,
    threadId: row.threadId,
    proposal: row.proposalId && row.proposalNumber !== null ? { id: row.proposalId, number: row.proposalNumber } : null,
    commentId: row.commentId,
    actor: row.actorName,
    snippet: row.snippet,
    createdAt: row.createdAt.toISOString(),
  }
}
