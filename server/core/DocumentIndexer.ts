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
  /** The index run's transaction: every indexer of a run writes in it, so the run lands whole or not at all. */
  tx: Queryable
  /** Runs `effect` once the run's transaction has committed (an event others may act on). */
  afterCommit(effect: () => void): void
}

/**
 * Something derived from a page's document and kept beside it (text, links, search vectors).
 * Indexers run within a second of a change, in registration order, in one transaction; one
 * failing does not stop the others.
 */
export type DocumentIndexer = (input: IndexInput) => Promise<void>
