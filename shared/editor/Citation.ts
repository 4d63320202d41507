import { Node } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'

/** Attributes of the `citation` node (docs/CITATIONS.md). */
export interface CitationAttributes {
  /** Id of a source of the page's space library; empty for a note. */
  sourceId: string
  /** Where in the source: page, paragraph, section, timestamp (free text). */
  locator: string
  /** A short quotation from the source. */
  quote: string
  /** Free text of a footnote that is a note rather than a source. */
  note: string
}

/** A text attribute kept in a `data-*` attribute of the HTML; anything but a string renders empty. */
const text = (key: string, html: string) => ({
  default: '',
  parseHTML: (element: HTMLElement) => element.getAttribute(html) ?? '',
  renderHTML: (attributes: Record<string, unknown>) => ({ [html]: typeof attributes[key] === 'string' ? attributes[key] : '' }),
})

/** The plain text of a citation: a note's words between spaces; a space for a source. */
function citationText(node: ProseMirrorNode): string {
  return typeof node.attrs.note === 'string' && node.attrs.note ? ` ${node.attrs.note} ` : ' '
}

/**
 * The `citation` node: an inline atom pointing to a source of the space's library (with a
 * locator and quotation), or holding the text of a note. Its number is not stored: it is
 * derived from the order of first use (shared/citations/numberCitations.ts).
 */
export const Citation = Node.create({
  name: 'citation',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      sourceId: text('sourceId', 'data-source-id'),
      locator: text('locator', 'data-locator'),
      quote: text('quote', 'data-quote'),
      note: text('note', 'data-note'),
    }
  },

  parseHTML() {
    return [{ tag: 'sup[data-citation]' }]
  },

  renderHTML({ HTMLAttributes }) {
    return ['sup', { ...HTMLAttributes, 'data-citation': '', class: 'citation' }]
  },

  /** Search and plain text see a note's words; a source citation is a space. */
  renderText({ node }) {
    return citationText(node)
  },

  extendNodeSchema(extension) {
    // The same text for ProseMirror's own textBetween (the server's page text and search).
    return extension.name === 'citation' ? { leafText: citationText } : {}
  },
})
