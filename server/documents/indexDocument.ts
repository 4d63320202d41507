import * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { lockIndexRun, readIndexStamp, writeIndexStamp } from './indexStampQueries.ts'
import { nodeText, pageNode } from './pageNode.ts'
import { snapshotCovers } from './snapshotCovers.ts'

/**
 * Runs every indexer on a page's document, in one transaction; one failing is logged, its
 * writes undone, and does not stop the others. Index runs of a page take turns across
 * instances, and a run whose document holds no edit (insertion or deletion) that the last
 * complete run had not seen writes nothing: an instance whose copy lags behind another's does
 * not put older links back. Resolves to whether the indexers ran.
 */
export async function indexDocument(services: Services, pageId: string, doc: Y.Doc): Promise<boolean> {
  let node
  try {
    node = pageNode(doc)
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not read the document for indexing')
    return false
  }
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc))
  const effects: (() => void)[] = []
  let ran: boolean
  try {
    ran = await services.db.transaction(async (tx) => {
      await lockIndexRun(tx, pageId)
      const stamp = await readIndexStamp(tx, pageId)
      if (stamp && snapshotCovers(stamp, snapshot)) return false
      let failed = false
      for (const indexer of services.indexers) {
        const pending: (() => void)[] = []
        await tx.query('SAVEPOINT indexer')
        try {
          await indexer({ pageId, node, text: nodeText(node), doc, tx, afterCommit: (effect) => pending.push(effect) })
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
