import type { ApiProposal, ApiProposalChange } from '../../shared/proposalApi.ts'
import { proposalDocumentName } from '../../shared/proposalDocument.ts'
import type { ProposalChange } from './proposalChanges.ts'
import type { ProposalRow } from './proposalQueries.ts'

/** A proposal row as the API answers it. */
export function presentProposal(row: ProposalRow): ApiProposal {
  return {
    id: row.id,
    number: row.number,
    pageId: row.pageId,
    pageTitle: row.pageTitle,
    pageSlug: row.pageSlug,
    spaceId: row.spaceId,
    spaceSlug: row.spaceSlug,
    pageDeleted: row.pageDeleted,
    title: row.title,
    status: row.status,
    author: row.authorId && row.authorName ? { id: row.authorId, username: row.authorName } : null,
    closedBy: row.closedById && row.closedByName ? { id: row.closedById, username: row.closedByName } : null,
    reason: row.reason,
    closedAt: row.closedAt?.toISOString() ?? null,
    revisionId: row.revisionId,
    documentName: proposalDocumentName(row.id),
    createdAt: row.createdAt.toISOString(),
  }
}

/** A change without the item ids it is made of (those stay on the server). */
export function presentChange(change: ProposalChange): ApiProposalChange {
  return { id: change.id, before: change.before, after: change.after, formatOnly: change.formatOnly }
}
