import { Extension } from '@tiptap/core'
import type { Node as PmNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { HeadingSlugger } from '../../shared/headingSlug.ts'

/** A heading of the page, for the table of contents. */
export interface PageHeading {
  /** Its anchor: the slug of its text (`#slug`), numbered when an earlier heading has the same. */
  id: string
  text: string
  level: number
}

/** Options of HeadingAnchors. */
export interface HeadingAnchorsOptions {
  /** Called with the page's headings whenever they change. */
  onHeadings: (headings: PageHeading[]) => void
}

function headingsOf(doc: PmNode): { headings: PageHeading[]; decorations: DecorationSet } {
  const slugger = new HeadingSlugger()
  const headings: PageHeading[] = []
  const decorations: Decoration[] = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'heading') return true
    const text = node.textContent.trim()
    if (!text) return false
    const id = slugger.slug(text)
    headings.push({ id, text, level: Number(node.attrs.level) || 2 })
    decorations.push(Decoration.node(pos, pos + node.nodeSize, { id }))
    return false
  })
  return { headings, decorations: DecorationSet.create(doc, decorations) }
}

const key = new PluginKey<{ headings: PageHeading[]; decorations: DecorationSet }>('headingAnchors')

/**
 * Gives each heading a stable anchor (`id` = the slug of its text, as GitHub makes them), so a
 * link to `#section` keeps working whatever changes elsewhere on the page, and reports the
 * headings for the table of contents. Decorations only: nothing is written to the document.
 */
export const HeadingAnchors = Extension.create<HeadingAnchorsOptions>({
  name: 'headingAnchors',

  addOptions() {
    return { onHeadings: () => {} }
  },

  addProseMirrorPlugins() {
    const { onHeadings } = this.options
    let reported = ''
    const report = (headings: PageHeading[]) => {
      const signature = JSON.stringify(headings)
      if (signature === reported) return
      reported = signature
      onHeadings(headings)
    }
    return [new Plugin({
      key,
      state: {
        init: (_config, state) => headingsOf(state.doc),
        apply: (tr, value) => (tr.docChanged ? headingsOf(tr.doc) : value),
      },
      props: { decorations: (state) => key.getState(state)?.decorations },
      view: (view) => {
        report(key.getState(view.state)?.headings ?? [])
        return { update: (updated) => report(key.getState(updated.state)?.headings ?? []) }
      },
    })]
  },
})
