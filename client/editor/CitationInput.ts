import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Options of `CitationInput`. */
export interface CitationInputOptions {
  /** A citation was clicked (or Enter pressed on it): open its card or its form. */
  onOpenCitation: (pos: number) => void
}

/** Starts a citation at the caret: types `[^`, which opens the source menu. */
export function startCitation(editor: { isEditable: boolean; chain: () => { focus: () => { insertContent: (text: string) => { run: () => boolean } } } }): boolean {
  if (!editor.isEditable) return false
  return editor.chain().focus().insertContent('[^').run()
}

/**
 * Citations from the keyboard and the mouse: Mod-Alt-f starts one (as `[^` does), a click on
 * a citation (or Enter on a focused one) opens it.
 */
export const CitationInput = Extension.create<CitationInputOptions>({
  name: 'citationInput',

  addOptions() {
    return { onOpenCitation: () => {} }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-f': () => startCitation(this.editor),
    }
  },

  addProseMirrorPlugins() {
    const open = (pos: number) => this.options.onOpenCitation(pos)
    return [
      new Plugin({
        key: new PluginKey('citationInput'),
        props: {
          handleClickOn(_view, _pos, node, nodePos) {
            if (node.type.name !== 'citation') return false
            open(nodePos)
            return true
          },
        },
      }),
    ]
  },
})
