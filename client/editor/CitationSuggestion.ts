import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { findTypedQuery, handleMenuKey, movedIndex, openQuery, type MenuKeyMeta, type TypedQuery } from './typedQuery.ts'

/** Something the `[^` menu offers: a source of the library, or a note with the typed words. */
export type CitationChoice = { kind: 'source'; sourceId: string; label: string } | { kind: 'note'; note: string; label: string }

/** What the menu shows. */
export interface CitationSuggestionState {
  query: TypedQuery | null
  choices: CitationChoice[]
  index: number
  dismissed: number | null
}

type Meta = { choices: CitationChoice[] } | MenuKeyMeta

/** The plugin's key: the menu component reads the state and sends choices with it. */
export const citationSuggestionKey = new PluginKey<CitationSuggestionState>('citationSuggestion')

const OPEN_QUERY = /\[\^([^[\]\n]{0,200})$/u

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
            const { query, dismissed } = openQuery(findTypedQuery(state, OPEN_QUERY, 210), value, meta)
            if (!query) return { query: null, choices: [], index: 0, dismissed }
            const fresh = meta && 'choices' in meta
            const choices = fresh ? meta.choices : value.choices
            return { query, choices, index: movedIndex(fresh ? 0 : value.index, choices.length, meta), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = citationSuggestionKey.getState(view.state)
            return handleMenuKey(view, event, citationSuggestionKey, state?.choices.length ?? 0, (index) => chooseCitation(view, state!.choices[index]))
          },
        },
      }),
    ]
  },
})
