import * as Y from 'yjs'
import { findElement } from '../internals/branchAttributeChanges.ts'
import type { ProposalChange } from './proposalChanges.ts'

/**
 * The merge update, extended so that the attributes of rejected attribute changes keep the
 * page's values. A newer map entry always replaces an older one in Yjs (no delete set can bring
 * the old one back), so the page's value is written again after the proposal's: on a draft of
 * the page with the merge applied, each rejected attribute is set back to what the live page
 * has now (or removed when it has none), and those writes join the update. Logged and applied
 * as one, so the page never shows the rejected value.
 */
export function keepRejectedAttributes(live: Y.Doc, update: Uint8Array, rejected: ProposalChange[]): Uint8Array {
  const attributes = rejected.flatMap((change) => (change.attribute ? [change.attribute] : []))
  if (attributes.length === 0) return update
  const draft = new Y.Doc({ gc: false })
  Y.applyUpdate(draft, Y.encodeStateAsUpdate(live))
  Y.applyUpdate(draft, update)
  const merged = Y.encodeStateVector(draft)
  draft.transact(() => {
    for (const { element, key } of attributes) {
      const target = findElement(draft, element)
      const page = findElement(live, element)
      if (!target || !page) continue
      const kept = page.getAttribute(key) as unknown
      if (JSON.stringify(target.getAttribute(key)) === JSON.stringify(kept)) continue
      if (kept === undefined) target.removeAttribute(key)
      else target.setAttribute(key, kept as string)
    }
  })
  const restored = Y.encodeStateAsUpdate(draft, merged)
  draft.destroy()
  return Y.mergeUpdates([update, restored])
}
