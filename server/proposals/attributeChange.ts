import type { AttributeChange } from '../internals/branchAttributeChanges.ts'
import type { ProposalChange } from './proposalChanges.ts'

const NAMES: Record<string, string> = { heading: 'Heading', paragraph: 'Paragraph', codeBlock: 'Code block', image: 'Image' }

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'none'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * A changed attribute as one change of the review: the block it belongs to and the value before
 * and after (“Heading “Aftermath”, level 2” → “…, level 3”). It removes or adds no items, so
 * rejecting it is not a matter of the update's delete set: the merge sets the page's own value
 * back (keepRejectedAttributes).
 */
export function attributeChange(change: AttributeChange): ProposalChange {
  const block = `${NAMES[change.nodeName] ?? change.nodeName}${change.text ? ` “${change.text}”` : ''}`
  return {
    id: `${change.client}-${change.clock}`,
    before: `${block}, ${change.key} ${shown(change.before)}`,
    after: `${block}, ${change.key} ${shown(change.after)}`,
    formatOnly: false,
    added: new Map(),
    removed: new Map(),
    attribute: { element: change.element, key: change.key },
  }
}
