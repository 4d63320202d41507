import { Mark, mergeAttributes } from '@tiptap/core'
import { normalizeTitle } from '../wikiTitle.ts'

/** Attributes of the `wikiLink` mark (see docs/PROTOCOL.md: `target` is a title or `space-slug:Title`). */
export interface WikiLinkAttributes {
  target: string
}

/**
 * The `wikiLink` mark: a link to another page by title. The server reads it from the Yjs
 * document to keep the link index; the client renders it as an anchor and decides red/blue.
 */
export const WikiLink = Mark.create({
  name: 'wikiLink',
  priority: 1000,
  inclusive: false,
  excludes: 'link',

  addAttributes() {
    return {
      target: {
        default: '',
        parseHTML: (element: HTMLElement) => element.getAttribute('data-wiki-target') ?? '',
        renderHTML: (attributes: Record<string, unknown>) => ({
          'data-wiki-target': String(attributes.target ?? ''),
        }),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'a[data-wiki-target]' }]
  },

  renderHTML({ HTMLAttributes }) {
    const target = String(HTMLAttributes['data-wiki-target'] ?? '')
    // A relative, URL-encoded href: never a javascript: URL whatever the target says.
    return ['a', mergeAttributes(HTMLAttributes, {
      class: 'wiki-link',
      href: `/w/${encodeURIComponent(normalizeTitle(target) ? target : '')}`,
    }), 0]
  },
})
