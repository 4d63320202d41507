/** Shapes of the revision-history API, shared by the server's presenters and the client. */

import type { ApiUser } from './apiTypes.ts'

/** Why a revision was cut. */
export type RevisionKind = 'auto' | 'named' | 'restore' | 'seed' | 'merge'

/** What changed between two states of a page. */
export interface ApiChangeStats {
  charsAdded: number
  charsRemoved: number
  wordsAdded: number
  wordsRemoved: number
  /** Blocks added, removed or changed in type (splits, joins, headings, lists, moves). */
  blocksChanged: number
  /** Characters whose formatting changed (bold, italic, links) without changing the text. */
  charsFormatted: number
}

/** The size of a page at a revision, and what changed since the revision before. */
export interface RevisionStats extends ApiChangeStats {
  chars: number
  words: number
}

/** One revision of a page, as the timeline lists it (newest first). */
export interface ApiRevision extends RevisionStats {
  id: string
  pageId: string
  /** 1, 2, 3… per page. */
  number: number
  kind: RevisionKind
  /** The name of a named version, else null. */
  name: string | null
  summary: string | null
  /** The page's title when the revision was cut. */
  title: string
  /** The first edit of the burst the revision closes. */
  startedAt: string
  createdAt: string
  /** Who wrote it: users who inserted or deleted content in it. */
  authors: ApiUser[]
  /** Who cut it by hand (named versions and restores). */
  createdBy: ApiUser | null
  /** The revision a restore brought back. */
  restoredFrom: { id: string; number: number } | null
}

/** A revision with its content as ProseMirror JSON (the shared schema) and plain text. */
export interface ApiRevisionContent extends ApiRevision {
  content: { type: 'doc'; content?: unknown[] }
  text: string
}

/** Whether a passage is in both sides of a comparison, only the newer, or only the older. */
export type ChangeStatus = 'same' | 'added' | 'removed'

export interface ApiMark {
  type: string
  attrs?: Record<string, unknown>
}

/**
 * ProseMirror JSON annotated with history. Text and inline nodes carry who wrote them and
 * in which revision; a removed passage carries who removed it (when known) and in which
 * revision. A revision of null means "after the last revision" (not yet in one).
 */
export interface ApiAnnotatedNode {
  type: string
  attrs?: Record<string, unknown>
  status: ChangeStatus
  content?: ApiAnnotatedNode[]
  text?: string
  marks?: ApiMark[]
  /** User id: the writer (same, added) or the remover (removed); null when unknown. */
  author?: string | null
  /** For removed text: who had written it. */
  writtenBy?: string | null
  /** Revision number that brought the passage in (same, added) or took it out (removed). */
  revision?: number | null
  /** Kept text whose formatting changed: who changed it (null when unknown). */
  formattedBy?: string | null
  /** A pasted copy of another user's text: that user (the copy itself is `author`'s). */
  copiedFrom?: string
  /**
   * An element added or removed only to restructure text that is kept (a split, a join, a
   * new block type, a list or quote, a move); `author` is who restructured it. Its words keep
   * their own authors.
   */
  restructured?: boolean
}

/** A short reference to a revision, for hover details. */
export interface ApiRevisionRef {
  id: string
  number: number
  createdAt: string
  name: string | null
  summary: string | null
}

/** An annotated page plus the users and revisions its annotations refer to. */
export interface ApiAnnotatedDocument {
  content: ApiAnnotatedNode[]
  users: ApiUser[]
  revisions: ApiRevisionRef[]
}

/** `GET /api/pages/:pageId/diff?from=&to=`: the changes between two states of a page. */
export interface ApiDiff extends ApiAnnotatedDocument {
  /** null = the empty page before the first revision. */
  from: ApiRevision | null
  /** null = the page as it is now. */
  to: ApiRevision | null
  stats: ApiChangeStats
}

/** `GET /api/pages/:pageId/blame?revision=`: who wrote every passage. */
export interface ApiBlame extends ApiAnnotatedDocument {
  /** null = the page as it is now. */
  revision: ApiRevision | null
}

/** A row of `GET /api/spaces/:spaceId/changes`: a revision with its page. */
export interface ApiRecentChange extends ApiRevision {
  page: { id: string; title: string; slug: string }
}
