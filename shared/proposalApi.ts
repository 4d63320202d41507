import { z } from 'zod'
import type { ApiComment } from './discussionApi.ts'

/** Request bodies and answers of the proposals API (proposed changes to a page). */

export const MAX_PROPOSAL_TITLE = 200
export const MAX_DECLINE_REASON = 2000

export const openProposalBody = z.object({
  title: z.string().trim().min(1, 'A title cannot be empty.').max(MAX_PROPOSAL_TITLE, `A title has at most ${MAX_PROPOSAL_TITLE} characters.`).optional(),
})

/** Change ids to merge (from the proposal's `changes`); without it, every change. */
export const mergeProposalBody = z.object({
  accept: z.array(z.string().min(1).max(64)).max(10_000).optional(),
})

/** A new title (null: none). */
export const proposalTitleBody = z.object({
  title: z.string().trim().max(MAX_PROPOSAL_TITLE, `A title has at most ${MAX_PROPOSAL_TITLE} characters.`).nullable()
    .transform((title) => (title === '' ? null : title)),
})

export const declineProposalBody = z.object({
  reason: z.string().trim().min(1, 'Say why the proposal is declined.').max(MAX_DECLINE_REASON, `A reason has at most ${MAX_DECLINE_REASON} characters.`),
})

export type ProposalStatus = 'open' | 'merged' | 'declined'

/** A proposal as listed. */
export interface ApiProposal {
  id: string
  number: number
  pageId: string
  pageTitle: string
  /** The page's readable URL segment, or null (then its permalink is used). */
  pageSlug: string | null
  spaceId: string
  spaceSlug: string
  /** Its page was deleted since: it can only be declined. */
  pageDeleted: boolean
  title: string | null
  status: ProposalStatus
  author: { id: string; username: string } | null
  /** Who merged or declined it, why (declined), and when. */
  closedBy: { id: string; username: string } | null
  reason: string | null
  closedAt: string | null
  /** The page's revision the merge became. */
  revisionId: string | null
  documentName: string
  createdAt: string
}

/** One change of a proposal, word by word. */
export interface ApiProposalChange {
  id: string
  before: string
  after: string
  formatOnly: boolean
}

/** A proposal with its changes and what the caller may do with it. */
export interface ApiProposalDetail extends ApiProposal {
  changes: ApiProposalChange[]
  /** The members its author invited to write it with them. */
  coEditors: { id: string; username: string }[]
  /** `discuss`: comment on it; `steer`: invite co-editors and change its title (its author). */
  abilities: { edit: boolean; review: boolean; withdraw: boolean; discuss: boolean; steer: boolean }
}

/** A proposal's discussion: its comments, oldest first (`threadId` null until the first). */
export interface ApiProposalDiscussion {
  threadId: string | null
  comments: ApiComment[]
}
