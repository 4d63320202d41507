import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'

/** Something the `[^` menu offers: a source of the library, or a note with the typed words. */
export type CitationChoice = { kind: 'source'; sourceId: string; label: string } | { kind: 'note'; note: string; label: string }

/** The `[^query` being typed: `from` is where `[^` starts, `to` the caret. */
export interface CitationQuery {
  from: number
  to: number
  text: string
}

/** What the menu shows. */
export interface CitationSuggestionState {
  query: CitationQuery | null
  choices: CitationChoice[]
  index: number
  dismissed: number | null
}

type Meta = { choices: CitationChoice[] } | { move: number } | { dismiss: true }

/** The plugin's key: the menu component reads the state and sends choices with it. */
export const citationSuggestionKey = new PluginKey<CitationSuggestionState>('citationSuggestion')

const OPEN_QUERY = /\[\^([^[\]\n]{0,200})$/u

function findQuery(state: EditorState): CitationQuery | null {
  const { selection } = state
  if (!selection.empty) return null
  const $pos = selection.$from
  if (!$pos.parent.isTextblock || $pos.parent.type.spec.code) return null
  const before = $pos.parent.textBetween(Math.max(0, $pos.parentOffset - 210), $pos.parentOffset, undefined, '\ufffc')
  const match = OPEN_QUERY.exec(before)
  return match ? { from: $pos.pos - match[0].length, to: $pos.pos, text: match[1] } : null
}

/** Sends the menu's choices for the current query. */
export function setCitationChoices(view: EditorView, choices: CitationChoice[]): void {
  view.dispatch(view.state.tr.setMeta(citationSuggestionKey, { choices } satisfies Meta))
}

/** Replaces `[^query` with a citation of the chosen source, or a note. */
export function chooseCitation(view: EditorView, choice: CitationChoice): void {
  const state = citationSuggestionKey.getState(view.state)
  const type = view.state.schema.nodes.citation
  if (!state?.query || !type) return
  const attrs = choice.kind === 'source' ? { sourceId: choice.sourceId } : { note: choice.note }
  view.dispatch(view.state.tr.replaceWith(state.query.from, state.query.to, type.create(attrs)).scrollIntoView())
  view.focus()
}

/**
 * The `[^` menu's logic: notices `[^query` before the caret and takes ↑ ↓ Enter Tab Escape
 * while the menu is open. The menu (CitationSuggestions.vue) filters the library and draws.
 */
export const CitationSuggestion = Extension.create({
  name: 'citationSuggestion',

  addProseMirrorPlugins() {
    return [
      new Plugin<CitationSuggestionState>({
        key: citationSuggestionKey,
        state: {
          init: () => ({ query: null, choices: [], index: 0, dismissed: null }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(citationSuggestionKey) as Meta | undefined
            const found = findQuery(state)
            let dismissed = found && found.from === value.dismissed ? value.dismissed : null
            if (meta && 'dismiss' in meta) dismissed = found?.from ?? null
            const query = found && found.from !== dismissed ? found : null
            if (!query) return { query: null, choices: [], index: 0, dismissed }
            let { choices, index } = value
            if (meta && 'choices' in meta) {
              choices = meta.choices
              index = 0
            }
            if (meta && 'move' in meta && choices.length) index = (index + meta.move + choices.length) % choices.length
            return { query, choices, index: Math.min(index, Math.max(0, choices.length - 1)), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = citationSuggestionKey.getState(view.state)
            if (!state?.query || !view.editable) return false
            const send = (meta: Meta) => view.dispatch(view.state.tr.setMeta(citationSuggestionKey, meta))
            if (event.key === 'Escape') {
              send({ dismiss: true })
              return true
            }
            if (state.choices.length === 0) return false
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              send({ move: event.key === 'ArrowDown' ? 1 : -1 })
              return true
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              chooseCitation(view, state.choices[state.index])
              return true
            }
            return false
          },
        },
      }),
    ]
  },
})
