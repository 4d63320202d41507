import type * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { nodeText, pageNode } from './pageNode.ts'

/** Runs every indexer on a page's document; one failing is logged and does not stop the others. */
export async function indexDocument(services: Services, pageId: string, doc: Y.Doc): Promise<void> {
  let node
  try {
    node = pageNode(doc)
  } catch (error) {
    services.logger.error({ page: pageId, err: error }, 'could not read the document for indexing')
    return
  }
  const input = { pageId, node, text: nodeText(node), doc }
  for (const indexer of services.indexers) {
    try {
      await indexer(input)
    } catch (error) {
      services.logger.error({ page: pageId, err: error, indexer: indexer.name }, 'indexer failed')
    }
  }
}
