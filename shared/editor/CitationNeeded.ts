import { Node } from '@tiptap/core'

/**
 * The `citationNeeded` node: an inline marker an editor puts after a claim that lacks a
 * source. The maintenance view lists the pages that hold one.
 */
export const CitationNeeded = Node.create({
  name: 'citationNeeded',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,

  parseHTML() {
    return [{ tag: 'sup[data-citation-needed]' }]
  },

  renderHTML() {
    return ['sup', { 'data-citation-needed': '', class: 'citation-needed', title: 'Citation needed' }, 'citation needed']
  },

  renderText() {
    return ' '
  },
})
