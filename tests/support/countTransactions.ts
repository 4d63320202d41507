import type { Db } from '../../server/core/db/Db.ts'

/** The real database, passed through whole, counting the transactions opened through it. */
export function countTransactions(real: Db): { db: Db; opened: () => number } {
  let opened = 0
  const db = new Proxy(real, {
    get(target, key) {
      if (key === 'transaction') return ((work) => { opened += 1; return target.transaction(work) }) satisfies Db['transaction']
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db, opened: () => opened }
}
