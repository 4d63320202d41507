import type { Node as ProseMirrorNode } from '@tiptap/pm/model'

/** A wiki link in a document: its range, target and shown text. */
export interface WikiLinkRange {
  from: number
  to: number
  target: string
  label: string
}

/**
 * Every wiki link of a document, in order. Neighbouring text with the same target (a link
 * that is partly bold) is one link.
 */
export function findWikiLinks(doc: ProseMirrorNode): WikiLinkRange[] {
  const links: WikiLinkRange[] = []
  doc.descendants((node, pos) => {
    if (!node.isText) return true
    const mark = node.marks.find((m) => m.type.name === 'wikiLink')
    if (!mark) return false
    const target = String(mark.attrs.target ?? '')
    const last = links.at(-1)
    if (last && last.to === pos && last.target === target) {
      last.to += node.nodeSize
      last.label += node.text ?? ''
    } else {
      links.push({ from: pos, to: pos + node.nodeSize, target, label: node.text ?? '' })
    }
    return false
  })
  return links
}

/** The wiki link that contains position `pos` (its edges included when `edges`), if any. */
export function wikiLinkAt(doc: ProseMirrorNode, pos: number, edges = false): WikiLinkRange | null {
  const $pos = doc.resolve(pos)
  const block = $pos.parent
  if (!block.isTextblock) return null
  const start = $pos.start()
  let found: WikiLinkRange | null = null
  for (const link of findWikiLinks(block)) {
    const from = start + link.from
    const to = start + link.to
    if (edges ? from <= pos && pos <= to : from < pos && pos < to) found = { ...link, from, to }
  }
  return found
}
