import type { Editor } from '@tiptap/vue-3'
import type { PluginKey } from '@tiptap/pm/state'
import { onBeforeUnmount, shallowRef } from 'vue'

/** A suggestion plugin's state as a menu reads it: where the typed query starts, if one is open. */
export interface CaretMenuState {
  query: { from: number } | null
}

/**
 * Follows a suggestion plugin's state (`key`) and where its menu goes: under the start of the
 * typed query, kept `width` pixels inside the window, and moved along when the page scrolls
 * (the menu is fixed to the viewport).
 */
export function useCaretMenu<S extends CaretMenuState>(editor: Editor, key: PluginKey<S>, width: number) {
  const state = shallowRef<S | null>(null)
  const position = shallowRef<{ left: number, top: number } | null>(null)

  function read() {
    const current = key.getState(editor.state) ?? null
    state.value = current
    if (!current?.query) {
      position.value = null
      return
    }
    const coords = editor.view.coordsAtPos(current.query.from)
    position.value = { left: Math.max(8, Math.min(coords.left, window.innerWidth - width - 8)), top: coords.bottom + 6 }
  }
  const onScroll = () => { if (state.value?.query) read() }
  // The menus load after the editor: one may arrive with a query already typed.
  read()
  editor.on('transaction', read)
  window.addEventListener('scroll', onScroll, { capture: true, passive: true })
  onBeforeUnmount(() => {
    editor.off('transaction', read)
    window.removeEventListener('scroll', onScroll, { capture: true })
  })
  return { state, position }
}
