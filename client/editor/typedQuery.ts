import type { EditorState, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'

/** A query typed after a trigger (`/`, `[[`, `[^`): `from` is where the trigger starts, `to` the caret. */
export interface TypedQuery {
  from: number
  to: number
  text: string
}

/**
 * The trigger and query right before a collapsed caret, in a text block outside code: `pattern`
 * ends with `$`, matches from the trigger on, and captures the query as group 1; `reach` is how
 * many characters before the caret it may look at.
 */
export function findTypedQuery(state: EditorState, pattern: RegExp, reach: number): TypedQuery | null {
  const { selection } = state
  if (!selection.empty) return null
  const $pos = selection.$from
  if (!$pos.parent.isTextblock || $pos.parent.type.spec.code) return null
  const before = $pos.parent.textBetween(Math.max(0, $pos.parentOffset - reach), $pos.parentOffset, undefined, '\ufffc')
  const match = pattern.exec(before)
  return match ? { from: $pos.pos - match[0].length, to: $pos.pos, text: match[1] } : null
}

/** The part of a suggestion menu's state the keys work on. */
export interface MenuState {
  query: TypedQuery | null
  index: number
  /** Where a trigger was dismissed with Escape: the menu stays closed for it. */
  dismissed: number | null
}

/** What the keys send to the plugin. */
export type MenuKeyMeta = { move: number } | { dismiss: true }

/**
 * The open query after a transaction: Escape (`dismiss`) closes the menu for this trigger until
 * it is gone; a new trigger opens it again.
 */
export function openQuery(found: TypedQuery | null, before: MenuState, meta: unknown): { query: TypedQuery | null, dismissed: number | null } {
  let dismissed = found && found.from === before.dismissed ? before.dismissed : null
  if (meta && typeof meta === 'object' && 'dismiss' in meta) dismissed = found?.from ?? null
  return { query: found && found.from !== dismissed ? found : null, dismissed }
}

/** The highlighted entry after `meta` (↑ ↓ wrap around), kept inside a list of `count`. */
export function movedIndex(index: number, count: number, meta: unknown): number {
  if (meta && typeof meta === 'object' && 'move' in meta && count) index = (index + (meta as { move: number }).move + count) % count
  return Math.min(index, Math.max(0, count - 1))
}

/**
 * The keys of an open menu: Escape closes it; with `count` choices ready, ↑ ↓ move and Enter or
 * Tab run `choose` on the highlighted one. True when the key was the menu's.
 */
export function handleMenuKey<S extends MenuState>(view: EditorView, event: KeyboardEvent, key: PluginKey<S>, count: number, choose: (index: number) => void): boolean {
  const state = key.getState(view.state)
  if (!state?.query || !view.editable) return false
  const send = (meta: MenuKeyMeta) => view.dispatch(view.state.tr.setMeta(key, meta))
  if (event.key === 'Escape') {
    send({ dismiss: true })
    return true
  }
  if (count === 0) return false
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    send({ move: event.key === 'ArrowDown' ? 1 : -1 })
    return true
  }
  if (event.key === 'Enter' || event.key === 'Tab') {
    choose(state.index)
    return true
  }
  return false
}
