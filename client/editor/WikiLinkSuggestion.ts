import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { cleanTitle, parseLinkTarget } from '../../shared/wikiTitle.ts'
import { findTypedQuery, handleMenuKey, movedIndex, openQuery, type MenuKeyMeta, type TypedQuery } from './typedQuery.ts'

/** Something the `[[` menu offers: a page, a space to look in (`slug:`), or a new page by the typed title. */
export interface WikiLinkChoice {
  kind: 'page' | 'space' | 'new'
  /** The link target it makes (`Title`, `slug:Title`), or `slug:` for a space. */
  target: string
  /** What the menu shows: a title or a space name. */
  title: string
  spaceSlug: string
}

/** What the menu shows: the query, the choices for it (filled in by the menu component) and the highlighted one. */
export interface WikiLinkSuggestionState {
  query: TypedQuery | null
  /** The query text the choices were found for. */
  choicesFor: string | null
  choices: WikiLinkChoice[]
  index: number
  /** Where a `[[` was dismissed with Escape: the menu stays closed for it. */
  dismissed: number | null
}

type Meta = { choices: WikiLinkChoice[]; forText: string } | MenuKeyMeta

/** The plugin's key: the menu component reads the state and sends choices with it. */
export const wikiLinkSuggestionKey = new PluginKey<WikiLinkSuggestionState>('wikiLinkSuggestion')

const OPEN_QUERY = /\[\[([^[\]\n|]{0,200})$/u

/** Sends the menu's choices for `forText` (ignored when the query has moved on). */
export function setWikiLinkChoices(view: EditorView, forText: string, choices: WikiLinkChoice[]): void {
  view.dispatch(view.state.tr.setMeta(wikiLinkSuggestionKey, { choices, forText } satisfies Meta))
}

/** Applies a choice: a page or new title becomes a link in place of `[[query`; a space narrows the query to it. */
export function chooseWikiLink(view: EditorView, choice: WikiLinkChoice): void {
  const state = wikiLinkSuggestionKey.getState(view.state)
  const markType = view.state.schema.marks.wikiLink
  if (!state?.query || !markType) return
  const { from, to } = state.query
  let tr: Transaction
  if (choice.kind === 'space') {
    tr = view.state.tr.insertText(`[[${choice.target}`, from, to)
  } else {
    const target = cleanTitle(choice.target)
    const label = choice.kind === 'page' ? choice.title : parseLinkTarget(target).title
    const marks = markType.create({ target }).addToSet(view.state.doc.resolve(from).marks())
    tr = view.state.tr.replaceWith(from, to, view.state.schema.text(label, marks)).removeStoredMark(markType)
  }
  view.dispatch(tr.scrollIntoView())
  view.focus()
}

/**
 * The `[[` autocomplete's logic: notices `[[query` before the caret, keeps the highlighted
 * choice, and takes ↑ ↓ Enter Tab Escape while the menu is open. The menu itself
 * (WikiLinkSuggestions.vue) fetches titles and draws the list.
 */
export const WikiLinkSuggestion = Extension.create({
  name: 'wikiLinkSuggestion',

  addProseMirrorPlugins() {
    return [
      new Plugin<WikiLinkSuggestionState>({
        key: wikiLinkSuggestionKey,
        state: {
          init: () => ({ query: null, choicesFor: null, choices: [], index: 0, dismissed: null }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(wikiLinkSuggestionKey) as Meta | undefined
            const { query, dismissed } = openQuery(findTypedQuery(state, OPEN_QUERY, 210), value, meta)
            if (!query) return { query: null, choicesFor: null, choices: [], index: 0, dismissed }
            // Choices found for an older query text are dropped: the menu asks again.
            const fresh = meta && 'choices' in meta && meta.forText === query.text ? meta : null
            const choices = fresh ? fresh.choices : value.choices
            const choicesFor = fresh ? fresh.forText : value.choicesFor
            return { query, choicesFor, choices, index: movedIndex(fresh ? 0 : value.index, choices.length, meta), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = wikiLinkSuggestionKey.getState(view.state)
            const ready = state?.query && state.choicesFor === state.query.text ? state.choices.length : 0
            return handleMenuKey(view, event, wikiLinkSuggestionKey, ready, (index) => chooseWikiLink(view, state!.choices[index]))
          },
        },
      }),
    ]
  },
})
