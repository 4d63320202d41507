import type { Transaction } from '@tiptap/pm/state'
import type { Editor } from '@tiptap/vue-3'
import { isRef, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

/**
 * What `read` says of the editor, read again after each transaction that changes the text, the
 * selection or the stored marks, and replaced only when it changed (compared as JSON, so `read`
 * returns plain data).
 *
 * A template or computed that calls `editor.isActive`, `editor.can()` or `editor.isEmpty` itself
 * depends on the whole editor state, which TipTap's Vue editor makes reactive: the component
 * then renders again after every transaction — each keystroke, each remote edit, and the caret
 * and sync transactions between them — though what it shows rarely changes. Read here, in the
 * transaction's listener, the state is the new one and no render depends on it; a component
 * renders again only when the value does.
 *
 * The editor may be given as the ref `useEditor` fills once it is created: until then the
 * reading is `before`.
 */
export function useEditorReading<T>(editor: Editor, read: (editor: Editor) => T): Readonly<ShallowRef<T>>
export function useEditorReading<T>(editor: Readonly<Ref<Editor | undefined>>, read: (editor: Editor) => T, before: T): Readonly<ShallowRef<T>>
export function useEditorReading<T>(editor: Editor | Readonly<Ref<Editor | undefined>>, read: (editor: Editor) => T, before?: T): Readonly<ShallowRef<T>> {
  const value = shallowRef(before as T)
  let last = JSON.stringify(value.value)
  const update = (next: T) => {
    const key = JSON.stringify(next)
    if (key === last) return
    last = key
    value.value = next
  }
  watch(isRef(editor) ? editor : () => editor, (current, _old, onCleanup) => {
    if (!current) return
    update(read(current))
    const onTransaction = ({ transaction }: { transaction: Transaction }) => {
      // The sync and caret bookkeeping between keystrokes changes neither text, selection nor
      // stored marks, and so nothing a reading can show.
      if (current.isDestroyed || !(transaction.docChanged || transaction.selectionSet || transaction.storedMarksSet)) return
      update(read(current))
    }
    current.on('transaction', onTransaction)
    onCleanup(() => current.off('transaction', onTransaction))
  }, { immediate: true })
  return value
}
