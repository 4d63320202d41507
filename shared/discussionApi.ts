import { z } from 'zod'
import { MAX_COMMENT_LENGTH } from './mentions.ts'

/** Request bodies and answers of the discussion API (threads, comments, notifications). */

/** A comment's text: plain text with @mentions, wiki links and web links; 1 to 10,000 characters. */
export const commentBodyField = z.string()
  .refine((body) => body.trim() !== '', 'A comment cannot be empty.')
  .refine((body) => body.length <= MAX_COMMENT_LENGTH, `A comment has at most ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters.`)

// Base64 of Y.encodeRelativePosition (a few dozen bytes).
const relativePosition = z.string().min(1).max(400).regex(/^[A-Za-z0-9+/]+={0,2}$/u, 'A position is base64.')

export const openThreadBody = z.object({
  body: commentBodyField,
  /** Anchor to the first occurrence of this text (within one paragraph). */
  quote: z.string().min(1, 'A quote cannot be empty.').max(1000, 'A quote has at most 1,000 characters.').optional(),
  /** Anchor to the passage between these Yjs relative positions (what the editor sends for a selection). */
  anchor: z.object({ start: relativePosition, end: relativePosition }).optional(),
}).refine((b) => !(b.quote !== undefined && b.anchor !== undefined), 'Give a quote or an anchor, not both.')

export const commentBody = z.object({ body: commentBodyField })

export const threadStatusBody = z.object({ status: z.enum(['open', 'resolved']) })

/** Someone named in an answer. */
export interface ApiPerson {
  id: string
  username: string
}

/** One comment of a thread. */
export interface ApiComment {
  id: string
  author: ApiPerson | null
  body: string
  createdAt: string
  editedAt: string | null
}

/** A thread of a page: `orphaned` = open, on words since deleted (shown with its quote). */
export interface ApiThread {
  id: string
  status: 'open' | 'resolved' | 'orphaned'
  /** The words it was opened on; null for a thread on the whole page. */
  quote: string | null
  /** Base64 Yjs relative positions of the passage (null for a page-level thread). */
  anchor: { start: string; end: string } | null
  author: ApiPerson | null
  createdAt: string
  resolvedAt: string | null
  /** The caller may resolve and reopen it (page editors and its author). */
  canResolve: boolean
  comments: ApiComment[]
}

/** One entry of the notification inbox. */
export interface ApiNotification {
  id: string
  /** About a thread (mention, reply, resolved) or about one's proposal (merged, declined). */
  kind: 'mention' | 'reply' | 'resolved' | 'proposal_merged' | 'proposal_declined'
  read: boolean
  pageId: string
  pageTitle: string
  /** The thread it is about, or null for a proposal's outcome. */
  threadId: string | null
  /** The proposal it is about (its outcome), or null for a thread's. */
  proposal: { id: string; number: number } | null
  commentId: string | null
  actor: string | null
  snippet: string | null
  createdAt: string
}

/** A thread opened, resolved or reopened: what a page's history timeline shows of its discussion. */
export interface ApiThreadEvent {
  threadId: string | null
  kind: 'opened' | 'resolved' | 'reopened'
  actor: ApiPerson | null
  createdAt: string
}
