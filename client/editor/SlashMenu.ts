import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { filterSlashItems, type SlashHelpers, type SlashItem } from './slashItems.ts'

/** The `/query` being typed: `from` is the slash, `to` the caret. */
export interface SlashQuery {
  from: number
  to: number
  text: string
}

/** What the menu shows. */
export interface SlashMenuState {
  query: SlashQuery | null
  items: SlashItem[]
  index: number
  /** Where a `/` was dismissed with Escape: the menu stays closed for it. */
  dismissed: number | null
}

type Meta = { move: number } | { dismiss: true }

/** The plugin's key: the menu component reads its state. */
export const slashMenuKey = new PluginKey<SlashMenuState>('slashMenu')

// A slash at the start of a text block or after a space, then up to 24 letters, digits or spaces.
const OPEN_QUERY = /(?:^|\s)\/([\p{L}\p{N} ]{0,24})$/u

function findQuery(state: EditorState): SlashQuery | null {
  const { selection } = state
  if (!selection.empty) return null
  const $pos = selection.$from
  if (!$pos.parent.isTextblock || $pos.parent.type.spec.code) return null
  const before = $pos.parent.textBetween(Math.max(0, $pos.parentOffset - 30), $pos.parentOffset, undefined, '\ufffc')
  const match = OPEN_QUERY.exec(before)
  if (!match) return null
  return { from: $pos.pos - match[1].length - 1, to: $pos.pos, text: match[1] }
}

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
            const meta = tr.getMeta(slashMenuKey) as Meta | undefined
            const found = findQuery(state)
            let dismissed = found && found.from === value.dismissed ? value.dismissed : null
            if (meta && 'dismiss' in meta) dismissed = found?.from ?? null
            const query = found && found.from !== dismissed ? found : null
            if (!query) return { query: null, items: [], index: 0, dismissed }
            const items = filterSlashItems(query.text)
            // Nothing matches and a space was typed: it is ordinary text, not a command.
            if (items.length === 0 && /\s$/u.test(query.text)) return { query: null, items: [], index: 0, dismissed }
            let index = query.text === value.query?.text ? value.index : 0
            if (meta && 'move' in meta && items.length) index = (index + meta.move + items.length) % items.length
            return { query, items, index: Math.min(index, Math.max(0, items.length - 1)), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = slashMenuKey.getState(view.state)
            if (!state?.query || !view.editable) return false
            const send = (meta: Meta) => view.dispatch(view.state.tr.setMeta(slashMenuKey, meta))
            if (event.key === 'Escape') {
              send({ dismiss: true })
              return true
            }
            if (state.items.length === 0) return false
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              send({ move: event.key === 'ArrowDown' ? 1 : -1 })
              return true
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              chooseSlashItem(view, state.items[state.index], editor, helpers)
              return true
            }
            return false
          },
        },
      }),
    ]
  },
})
