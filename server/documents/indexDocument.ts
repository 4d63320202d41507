import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import type { Queryable } from '../core/db/Db.ts'
import type { Services } from '../core/Services.ts'
import { applyStoredDocument } from './catchUpWithLog.ts'
import { readStoredDocument } from './documentQueries.ts'
import { lockIndexRun, readIndexStamp, writeIndexStamp } from './indexStampQueries.ts'
import { nodeText, pageNode } from './pageNode.ts'
import { snapshotCovers } from './snapshotCovers.ts'

/** A copy of `doc` with everything stored for its page applied (what any instance has committed). */
async function withStored(tx: Queryable, pageId: string, doc: Y.Doc): Promise<Y.Doc> {
  const copy = new Y.Doc({ gc: false })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  applyStoredDocument(copy, await readStoredDocument(tx, pageId))
  return copy
}

/** What indexers read of a document: its content in the shared schema and its text. */
type IndexRead = { doc: Y.Doc; node: ProseMirrorNode; text: string }

/**
 * Runs every indexer on a page's document; one failing is logged, its writes undone, and does
 * not stop the others. Resolves to whether the indexers ran.
 *
 * One instance alone (no REDIS_URL) indexes its pages one run at a time, each indexer in a short
 * transaction of its own. With several instances, each indexing its own copy of a page, a copy
 * may lag behind what another indexed; there a run writes in one transaction, runs of a page take
 * turns across instances, and each stamps the page with the snapshot of the document it read:
 * - a copy holding nothing the stamp lacks (it has not heard the edits indexed) writes nothing;
 * - a copy that lacks some of them but holds edits of its own is indexed together with
 *   everything stored, so neither side's edits drop out of the index for a moment.
 * (One transaction for the whole run on one instance over PGlite, whose one connection it holds,
 * put edit → peer at 1,000 connections from 8–9 ms p50 to 38 ms: docs/BENCHMARKS.md.)
 */
export async function indexDocument(services: Services, pageId: string, doc: Y.Doc): Promise<boolean> {
  // Read before any transaction: on PGlite (one connection) a transaction holds every other statement.
  let read: IndexRead
  try {
    read = readForIndex(doc)
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not read the document for indexing')
    return false
  }
  return services.config.redisUrl ? indexInOneTransaction(services, pageId, doc, read) : indexAlone(services, pageId, read)
}

/**
 * The run of an instance alone: each indexer in its own transaction, its effects after its commit;
 * none for an indexer of one statement, and no run at all for one that says it may be skipped.
 */
async function indexAlone(services: Services, pageId: string, { node, text, doc }: IndexRead): Promise<boolean> {
  for (const indexer of services.indexers) {
    const effects: (() => void)[] = []
    const run = (tx: Queryable) => indexer({ pageId, node, text, doc, tx, afterCommit: (effect) => effects.push(effect) })
    try {
      if (await indexer.canSkip?.({ pageId, node, db: services.db })) continue
      await (indexer.oneStatement ? run(services.db) : services.db.transaction(run))
    } catch (error) {
      services.logger.error({ page: pageId, err: error, indexer: indexer.name }, 'indexer failed')
      continue
    }
    for (const effect of effects) effect()
  }
  return true
}

/** The run of one of several instances: one transaction, in turn, stamped (see indexDocument). */
async function indexInOneTransaction(services: Services, pageId: string, doc: Y.Doc, read: IndexRead): Promise<boolean> {
  const snapshot = Y.snapshot(doc)
  const effects: (() => void)[] = []
  let ran: boolean
  try {
    ran = await services.db.transaction(async (tx) => {
      await lockIndexRun(tx, pageId)
      const encodedStamp = await readIndexStamp(tx, pageId)
      const stamp = encodedStamp && Y.decodeSnapshot(encodedStamp)
      if (stamp && snapshotCovers(stamp, snapshot)) return false
      let indexed = { ...read, snapshot }
      if (stamp && !snapshotCovers(snapshot, stamp)) {
        const merged = await withStored(tx, pageId, doc)
        indexed = { ...readForIndex(merged), snapshot: Y.snapshot(merged) }
      }
      const { node, text, doc: source } = indexed
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
      if (!failed) await writeIndexStamp(tx, pageId, Y.encodeSnapshot(indexed.snapshot))
      return true
    })
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not index the document')
    return false
  }
  for (const effect of effects) effect()
  return ran
}

function readForIndex(doc: Y.Doc): IndexRead {
  const node = pageNode(doc)
  return { doc, node, text: nodeText(node) }
}
