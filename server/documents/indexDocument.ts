import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import type { Queryable } from '../core/db/Db.ts'
import type { Services } from '../core/Services.ts'
import { applyStoredDocument } from './catchUpWithLog.ts'
import { readStoredDocument } from './documentQueries.ts'
import { lockIndexRun, readIndexStamp, writeIndexStamp } from './indexStampQueries.ts'
import { nodeText, pageNode } from './pageNode.ts'
import { snapshotCovers } from './snapshotCovers.ts'

const snapshotOf = (doc: Y.Doc) => Y.encodeSnapshot(Y.snapshot(doc))

/** A copy of `doc` with everything stored for its page applied (what any instance has committed). */
async function withStored(tx: Queryable, pageId: string, doc: Y.Doc): Promise<Y.Doc> {
  const copy = new Y.Doc({ gc: false })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  applyStoredDocument(copy, await readStoredDocument(tx, pageId))
  return copy
}

/**
 * Runs every indexer on a page's document, in one transaction; one failing is logged, its
 * writes undone, and does not stop the others. Index runs of a page take turns across
 * instances, and each stamps the page with the snapshot of the document it read. With several
 * instances, each indexing its own copy, a copy may lag behind what was indexed:
 * - a copy holding nothing the stamp lacks (it has not heard the edits indexed) writes nothing;
 * - a copy that lacks some of them but holds edits of its own is indexed together with
 *   everything stored, so neither side's edits drop out of the index for a moment.
 * Resolves to whether the indexers ran.
 */
export async function indexDocument(services: Services, pageId: string, doc: Y.Doc): Promise<boolean> {
  // Read before the transaction: on PGlite (one connection) it holds every other statement.
  let read: { doc: Y.Doc; node: ProseMirrorNode; text: string; snapshot: Uint8Array }
  try {
    read = readForIndex(doc)
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not read the document for indexing')
    return false
  }
  const effects: (() => void)[] = []
  let ran: boolean
  try {
    ran = await services.db.transaction(async (tx) => {
      await lockIndexRun(tx, pageId)
      const stamp = await readIndexStamp(tx, pageId)
      if (stamp && snapshotCovers(stamp, read.snapshot)) return false
      const { node, text, snapshot, doc: source } = stamp && !snapshotCovers(read.snapshot, stamp)
        ? readForIndex(await withStored(tx, pageId, doc))
        : read
      let failed = false
      for (const indexer of services.indexers) {
        const pending: (() => void)[] = []
        await tx.query('SAVEPOINT indexer')
        try {
          await indexer({ pageId, node, text, doc: source, tx, afterCommit: (effect) => pending.push(effect) })
          await tx.query('RELEASE SAVEPOINT indexer')
          effects.push(...pending)
        } catch (error) {
          failed = true
          await tx.query('ROLLBACK TO SAVEPOINT indexer')
          services.logger.error({ page: pageId, err: error, indexer: indexer.name }, 'indexer failed')
        }
      }
      // A run with a failure is not stamped, so the same document is indexed again next time.
      if (!failed) await writeIndexStamp(tx, pageId, snapshot)
      return true
    })
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not index the document')
    return false
  }
  for (const effect of effects) effect()
  return ran
}

/** What indexers read of a document: its content in the shared schema, its text, its snapshot. */
function readForIndex(doc: Y.Doc) {
  const node = pageNode(doc)
  return { doc, node, text: nodeText(node), snapshot: snapshotOf(doc) }
}
