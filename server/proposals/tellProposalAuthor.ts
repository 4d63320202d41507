import type { Services } from '../core/Services.ts'
import { insertProposalNotification, type ProposalNotificationKind } from '../discussion/notificationQueries.ts'

/**
 * Tells a proposal's author through their notification inbox that someone else merged or
 * declined it (withdrawing one's own proposal tells nobody; a deleted author is not told).
 */
export async function tellProposalAuthor(
  services: Services, kind: ProposalNotificationKind,
  proposal: { id: string; pageId: string; authorId: string | null }, actorId: string,
): Promise<void> {
  const author = proposal.authorId
  if (!author || author === actorId) return
  await insertProposalNotification(services.db, kind, author, { pageId: proposal.pageId, proposalId: proposal.id, actorId })
  services.events.emit('notificationsChanged', { userIds: [author] })
}
