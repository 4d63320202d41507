import * as Y from 'yjs'
import { findUnreadableItems } from '../internals/findUnreadableItems.ts'

/** What the origin of a repair transaction carries, so history can say what happened. */
interface RepairContext {
  repairedParts: number
}

/** How many unreadable parts the transaction with this origin set aside (0 for any other change). */
export function repairedPartsOf(origin: unknown): number {
  const context = (origin as { context?: Partial<RepairContext> } | null)?.context
  return typeof context?.repairedParts === 'number' ? context.repairedParts : 0
}

/** Every item under `item` (itself included), children before their parents. */
function bottomUp(item: Y.Item): Y.Item[] {
  const order: Y.Item[] = []
  const stack = [item]
  while (stack.length > 0) {
    const next = stack.pop()!
    order.push(next)
    if (!(next.content instanceof Y.ContentType)) continue
    const type = next.content.type
    for (let child = type._start; child !== null; child = child.right) if (!child.deleted) stack.push(child)
    for (const child of type._map.values()) if (!child.deleted) stack.push(child)
  }
  return order.reverse()
}

/**
 * Sets aside what the page schema cannot read in a page stored before the update check
 * existed: deletes those items (they stay in the gc-disabled document, so history keeps
 * them) in one server transaction. Deleting writes no Yjs client id; the transaction's origin
 * is a local one with no user, so the log and history record it as the server's. Deepest
 * items go first, so a thousand-deep branch never recurses through Yjs. Returns how many
 * parts were set aside.
 */
export function repairDocument(doc: Y.Doc): number {
  const unreadable = findUnreadableItems(doc)
  if (unreadable.length === 0) return 0
  const context: RepairContext = { repairedParts: unreadable.length }
  Y.transact(doc, (transaction) => {
    for (const part of unreadable) for (const item of bottomUp(part)) if (!item.deleted) item.delete(transaction)
  }, { source: 'local', context })
  return unreadable.length
}
