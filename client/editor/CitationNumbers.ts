import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { numberCitations, type CitationNumbering } from '../../shared/citations/numberCitations.ts'

/** One citation of the document, where it is and what it says. */
export interface PlacedCitation {
  pos: number
  sourceId: string
  locator: string
  quote: string
  note: string
}

/** The numbering of the document's citations, derived from it on every change. */
export interface CitationNumbersState {
  citations: PlacedCitation[]
  numbering: CitationNumbering
  decorations: DecorationSet
}

/** The plugin's key: the references list and the citation card read the numbering with it. */
export const citationNumbersKey = new PluginKey<CitationNumbersState>('citationNumbers')

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** Where a citation's superscript is in the page (the references' back-links point here). */
export function citationAnchor(number: number, letter: string): string {
  return `cite-ref-${number}${letter}`
}

function derive(doc: ProseMirrorNode): CitationNumbersState {
  const citations: PlacedCitation[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'citation') {
      citations.push({ pos, sourceId: text(node.attrs.sourceId), locator: text(node.attrs.locator), quote: text(node.attrs.quote), note: text(node.attrs.note) })
    }
    return true
  })
  const numbering = numberCitations(citations)
  const decorations = citations.map((citation, i) => {
    const { number, letter } = numbering.uses[i]
    return Decoration.node(citation.pos, citation.pos + 1, {
      'data-number': String(number),
      id: citationAnchor(number, letter),
      tabindex: '0',
      role: 'doc-noteref',
      'aria-label': `Reference ${number}`,
    })
  })
  return { citations, numbering, decorations: DecorationSet.create(doc, decorations) }
}

/**
 * Citation numbers: every `citation` node shows the number of its reference (order of first
 * use, a source cited again keeps its number). Derived from the document on each change, so
 * an edit by anyone renumbers everyone's page at once; nothing is stored.
 */
export const CitationNumbers = Extension.create({
  name: 'citationNumbers',

  addProseMirrorPlugins() {
    return [
      new Plugin<CitationNumbersState>({
        key: citationNumbersKey,
        state: {
          init: (_config, state) => derive(state.doc),
          apply: (tr, value, _old, state) => (tr.docChanged ? derive(state.doc) : value),
        },
        props: {
          decorations: (state) => citationNumbersKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
