import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { filterSlashItems, type SlashHelpers, type SlashItem } from './slashItems.ts'
import { findTypedQuery, handleMenuKey, movedIndex, openQuery, type TypedQuery } from './typedQuery.ts'

/** What the menu shows. */
export interface SlashMenuState {
  query: TypedQuery | null
  items: SlashItem[]
  index: number
  /** Where a `/` was dismissed with Escape: the menu stays closed for it. */
  dismissed: number | null
}

/** The plugin's key: the menu component reads its state. */
export const slashMenuKey = new PluginKey<SlashMenuState>('slashMenu')

// A slash at the start of a text block or after a space, then up to 24 letters, digits or spaces.
const OPEN_QUERY = /(?<=^|\s)\/([\p{L}\p{N} ]{0,24})$/u

/** Runs an item in place of the typed `/query`. */
export function chooseSlashItem(view: EditorView, item: SlashItem, editor: Parameters<SlashItem['run']>[0], helpers: SlashHelpers): void {
  const state = slashMenuKey.getState(view.state)
  if (!state?.query) return
  view.dispatch(view.state.tr.delete(state.query.from, state.query.to))
  item.run(editor, helpers)
}

/** Options of SlashMenu. */
export interface SlashMenuOptions {
  helpers: SlashHelpers
}

/**
 * The `/` menu's logic: notices `/query` at the start of a block or after a space, filters the
 * items by it, and takes ↑ ↓ Enter Tab Escape while the menu is open. The menu itself
 * (EditorSlashMenu.vue) draws the list. Outside the editor, `/` still opens search.
 */
export const SlashMenu = Extension.create<SlashMenuOptions>({
  name: 'slashMenu',

  addOptions() {
    return { helpers: { pickFile: () => {} } }
  },

  addProseMirrorPlugins() {
    const { editor } = this
    const { helpers } = this.options
    return [
      new Plugin<SlashMenuState>({
        key: slashMenuKey,
        state: {
          init: () => ({ query: null, items: [], index: 0, dismissed: null }),
          apply(tr, value, _old, state) {
            const meta: unknown = tr.getMeta(slashMenuKey)
            const { query, dismissed } = openQuery(findTypedQuery(state, OPEN_QUERY, 30), value, meta)
            if (!query) return { query: null, items: [], index: 0, dismissed }
            const items = filterSlashItems(query.text)
            // Nothing matches and a space was typed: it is ordinary text, not a command.
            if (items.length === 0 && /\s$/u.test(query.text)) return { query: null, items: [], index: 0, dismissed }
            return { query, items, index: movedIndex(query.text === value.query?.text ? value.index : 0, items.length, meta), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = slashMenuKey.getState(view.state)
            return handleMenuKey(view, event, slashMenuKey, state?.items.length ?? 0, (index) => chooseSlashItem(view, state!.items[index], editor, helpers))
          },
        },
      }),
    ]
  },
})
