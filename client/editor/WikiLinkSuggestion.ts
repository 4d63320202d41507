import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { cleanTitle, parseLinkTarget } from '../../shared/wikiTitle.ts'

/** Something the `[[` menu offers: a page, a space to look in (`slug:`), or a new page by the typed title. */
export interface WikiLinkChoice {
  kind: 'page' | 'space' | 'new'
  /** The link target it makes (`Title`, `slug:Title`), or `slug:` for a space. */
  target: string
  /** What the menu shows: a title or a space name. */
  title: string
  spaceSlug: string
}

/** The `[[query` being typed: `from` is where `[[` starts, `to` the caret. */
export interface WikiLinkQuery {
  from: number
  to: number
  text: string
}

/** What the menu shows: the query, the choices for it (filled in by the menu component) and the highlighted one. */
export interface WikiLinkSuggestionState {
  query: WikiLinkQuery | null
  /** The query text the choices were found for. */
  choicesFor: string | null
  choices: WikiLinkChoice[]
  index: number
  /** Where a `[[` was dismissed with Escape: the menu stays closed for it. */
  dismissed: number | null
}

type Meta = { choices: WikiLinkChoice[]; forText: string } | { move: number } | { dismiss: true }

/** The plugin's key: the menu component reads the state and sends choices with it. */
export const wikiLinkSuggestionKey = new PluginKey<WikiLinkSuggestionState>('wikiLinkSuggestion')

const OPEN_QUERY = /\[\[([^[\]\n|]{0,200})$/u

/** The `[[query` right before a collapsed caret, outside code. */
function findQuery(state: EditorState): WikiLinkQuery | null {
  const { selection } = state
  if (!selection.empty) return null
  const $pos = selection.$from
  if (!$pos.parent.isTextblock || $pos.parent.type.spec.code) return null
  const before = $pos.parent.textBetween(Math.max(0, $pos.parentOffset - 210), $pos.parentOffset, undefined, '\ufffc')
  const match = OPEN_QUERY.exec(before)
  if (!match) return null
  return { from: $pos.pos - match[0].length, to: $pos.pos, text: match[1] }
}

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
            const found = findQuery(state)
            // Escape closes the menu for this `[[` until it is gone; a new `[[` opens it again.
            let dismissed = found && found.from === value.dismissed ? value.dismissed : null
            if (meta && 'dismiss' in meta) dismissed = found?.from ?? null
            const query = found && found.from !== dismissed ? found : null
            let { choices, choicesFor, index } = value
            if (meta && 'choices' in meta && meta.forText === query?.text) {
              choices = meta.choices
              choicesFor = meta.forText
              index = 0
            }
            if (meta && 'move' in meta && choices.length) index = (index + meta.move + choices.length) % choices.length
            if (!query) return { query: null, choicesFor: null, choices: [], index: 0, dismissed }
            return { query, choicesFor, choices, index: Math.min(index, Math.max(0, choices.length - 1)), dismissed }
          },
        },
        props: {
          handleKeyDown(view, event) {
            const state = wikiLinkSuggestionKey.getState(view.state)
            if (!state?.query || !view.editable) return false
            const send = (meta: Meta) => view.dispatch(view.state.tr.setMeta(wikiLinkSuggestionKey, meta))
            if (event.key === 'Escape') {
              send({ dismiss: true })
              return true
            }
            if (state.choices.length === 0 || state.choicesFor !== state.query.text) return false
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              send({ move: event.key === 'ArrowDown' ? 1 : -1 })
              return true
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              chooseWikiLink(view, state.choices[state.index])
              return true
            }
            return false
          },
        },
      }),
    ]
  },
})
