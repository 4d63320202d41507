import type * as Y from 'yjs'
import type { Db } from '../../server/core/db/Db.ts'
import type { Services } from '../../server/core/Services.ts'
import { indexDocument } from '../../server/documents/indexDocument.ts'

/**
 * Index runs over a server's real database, passed through whole but counting transactions:
 * the function returned indexes a page's document and resolves to the transactions the run opened.
 */
export function countIndexTransactions(services: Services): (pageId: string, doc: Y.Doc) => Promise<number> {
  let opened = 0
  const db = new Proxy(services.db, {
    get(target, key) {
      if (key === 'transaction') return ((work) => { opened += 1; return target.transaction(work) }) satisfies Db['transaction']
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const counted = { ...services, db }
  return async (pageId, doc) => {
    const before = opened
    if (!(await indexDocument(counted, pageId, doc))) throw new Error(`the index run of ${pageId} did not run`)
    return opened - before
  }
}
