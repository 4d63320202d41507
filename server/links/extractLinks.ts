import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { cleanTitle } from '../../shared/wikiTitle.ts'
import { snippetAround, type Snippet } from './snippetAround.ts'

/** One wiki link as written in a page: its target, the text it shows and the sentence around it. */
export interface ExtractedLink {
  /** The mark's `target`, cleaned: a title or `space-slug:Title`. */
  target: string
  label: string
  snippet: Snippet
}

/** Most links kept per page; beyond this a page is a list, not prose, and the rest are dropped. */
export const MAX_LINKS_PER_PAGE = 2000

/**
 * Every `wikiLink` mark of a page, in document order. Neighbouring text nodes with the same
 * target (a link that is partly bold) count as one link.
 */
export function extractLinks(doc: ProseMirrorNode): ExtractedLink[] {
  const links: ExtractedLink[] = []
  doc.descendants((block) => {
    if (!block.isTextblock) return true
    if (links.length >= MAX_LINKS_PER_PAGE) return false
    let text = ''
    const spans: { target: string; from: number; to: number }[] = []
    block.forEach((child) => {
      const piece = child.isText ? child.text ?? '' : ' '
      const target = child.marks.find((mark) => mark.type.name === 'wikiLink')?.attrs.target
      const cleaned = typeof target === 'string' ? cleanTitle(target) : ''
      const last = spans.at(-1)
      if (cleaned && last && last.to === text.length && last.target === cleaned) last.to += piece.length
      else if (cleaned) spans.push({ target: cleaned, from: text.length, to: text.length + piece.length })
      text += piece
    })
    for (const span of spans.slice(0, MAX_LINKS_PER_PAGE - links.length)) {
      links.push({
        target: span.target,
        label: cleanTitle(text.slice(span.from, span.to)) || span.target,
        snippet: snippetAround(text, span.from, span.to),
      })
    }
    return false
  })
  return links
}
