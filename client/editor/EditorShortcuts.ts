import { Extension } from '@tiptap/core'

/** Options of `EditorShortcuts`. */
export interface EditorShortcutsOptions {
  /** Opens the link form (Mod-k). */
  onEditLink: () => void
}

/** Keyboard shortcuts beyond StarterKit's: Mod-k edits the link at the selection. */
export const EditorShortcuts = Extension.create<EditorShortcutsOptions>({
  name: 'editorShortcuts',

  addOptions() {
    return { onEditLink: () => {} }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable) return false
        this.options.onEditLink()
        return true
      },
    }
  },
})
