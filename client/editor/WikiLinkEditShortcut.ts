import { Extension } from '@tiptap/core'
import { wikiLinkAt } from './wikiLinkRanges.ts'

/** The DOM event (on the editor's element) that asks the link popover to edit the wiki link at the caret. */
export const EDIT_WIKI_LINK_EVENT = 'palimpsest:edit-wiki-link'

/**
 * Mod-k on a wiki link edits that link in its popover (WikiLinkPopover.vue) instead of
 * opening the web-link form; anywhere else Mod-k keeps its usual meaning.
 */
export const WikiLinkEditShortcut = Extension.create({
  name: 'wikiLinkEditShortcut',
  // Before EditorShortcuts' Mod-k.
  priority: 110,

  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        const { state, view } = this.editor
        if (!this.editor.isEditable || !wikiLinkAt(state.doc, state.selection.from, true)) return false
        view.dom.dispatchEvent(new CustomEvent(EDIT_WIKI_LINK_EVENT))
        return true
      },
    }
  },
})
