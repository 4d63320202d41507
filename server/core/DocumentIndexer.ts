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

/**
 * Something derived from a page's document and kept beside it (text, links, search vectors).
 * Indexers run within a second of a change, in registration order; one failing does not stop
 * the others.
 */
export type DocumentIndexer = (input: IndexInput) => Promise<void>
