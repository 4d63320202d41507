import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type * as Y from 'yjs'
import type { Queryable } from './db/Db.ts'

/** What an indexer receives when a page's document changed. */
export interface IndexInput {
  pageId: string
  /** The page's content in the shared schema. */
  node: ProseMirrorNode
  /** Its plain text (blocks separated by blank lines). */
  text: string
  doc: Y.Doc
  /** The transaction to write in: the indexer's own, or the whole run's when scaled out (see indexDocument). */
  tx: Queryable
  /** Runs `effect` once that transaction has committed (an event others may act on). */
  afterCommit(effect: () => void): void
}

/** What an indexer may read to tell, before any transaction, that a run may be skipped. */
export interface SkipCheck {
  pageId: string
  node: ProseMirrorNode
  /** The database, outside any transaction. */
  db: Queryable
}

/**
 * Something derived from a page's document and kept beside it (text, links, search vectors).
 * Indexers run within a second of a change, in registration order; one failing does not stop
 * the others.
 *
 * An instance alone runs each indexer in a transaction of its own, which costs a round trip to
 * open and one to commit (and on PGlite holds its one connection). Two optional hints spare it:
 */
export interface DocumentIndexer {
  (input: IndexInput): Promise<void>
  /** The indexer writes with one statement and nothing else: it needs no transaction of its own. */
  readonly oneStatement?: boolean
  /**
   * Resolves true when this run may be skipped: it would write nothing however the database
   * changes meanwhile (say, nothing to extract and nothing stored, which only the page's own
   * index runs write), or the indexer will bring the page up to date itself a little later.
   */
  readonly canSkip?: (check: SkipCheck) => Promise<boolean>
}
