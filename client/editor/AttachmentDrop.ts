import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Options of AttachmentDrop. */
export interface AttachmentDropOptions {
  /** Called with files pasted or dropped into the editor, and where (null: at the selection). */
  onFiles: (files: File[], position: number | null) => void
}

/**
 * Files pasted (a screenshot) or dropped (from the desktop) into the editor are handed to
 * `onFiles` to be uploaded, instead of ProseMirror's default (which ignores them or inserts a
 * data: URL the schema refuses).
 */
export const AttachmentDrop = Extension.create<AttachmentDropOptions>({
  name: 'attachmentDrop',

  addOptions() {
    return { onFiles: () => {} }
  },

  addProseMirrorPlugins() {
    const { onFiles } = this.options
    return [new Plugin({
      key: new PluginKey('attachmentDrop'),
      props: {
        handlePaste: (view, event) => {
          const files = [...(event.clipboardData?.files ?? [])]
          if (files.length === 0 || !view.editable) return false
          onFiles(files, null)
          return true
        },
        handleDrop: (view, event, _slice, moved) => {
          const files = [...(event.dataTransfer?.files ?? [])]
          if (moved || files.length === 0 || !view.editable) return false
          event.preventDefault()
          onFiles(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? null)
          return true
        },
      },
    })]
  },
})
