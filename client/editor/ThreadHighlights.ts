import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { rangeOfAnchor, type EncodedAnchor } from './passagePositions.ts'

/** A thread to highlight: its id and its passage. */
export interface HighlightedThread {
  id: string
  anchor: EncodedAnchor
}

interface HighlightState {
  threads: HighlightedThread[]
  active: string | null
  decorations: DecorationSet
}

/** The plugin's key; dispatch `{ threads }` or `{ active }` as its meta to change what it shows. */
export const threadHighlightsKey = new PluginKey<HighlightState>('threadHighlights')

function decorate(state: EditorState, threads: HighlightedThread[], active: string | null): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of threads) {
    const range = rangeOfAnchor(state, thread.anchor)
    if (!range) continue
    decorations.push(Decoration.inline(range.from, range.to, {
      class: thread.id === active ? 'thread-highlight thread-highlight--active' : 'thread-highlight',
      'data-thread-id': thread.id,
    }, { threadId: thread.id }))
  }
  return DecorationSet.create(state.doc, decorations)
}

export interface ThreadHighlightsOptions {
  /** A reader clicked a highlighted passage. */
  onOpen: (threadId: string) => void
}

/**
 * Highlights the passages of a page's open threads, for everyone who reads it (decorations:
 * nothing is written into the document). Positions are re-read from the Yjs relative
 * positions after every change, so a highlight follows its words through others' edits.
 * Clicking one opens its thread.
 */
export const ThreadHighlights = Extension.create<ThreadHighlightsOptions>({
  name: 'threadHighlights',
  addOptions() {
    return { onOpen: () => {} }
  },
  addProseMirrorPlugins() {
    const { onOpen } = this.options
    return [new Plugin<HighlightState>({
      key: threadHighlightsKey,
      state: {
        init: (_, state) => ({ threads: [], active: null, decorations: DecorationSet.create(state.doc, []) }),
        apply(tr, value, _old, state) {
          const meta = tr.getMeta(threadHighlightsKey) as Partial<Pick<HighlightState, 'threads' | 'active'>> | undefined
          if (!meta && !tr.docChanged) return value
          const threads = meta?.threads ?? value.threads
          const active = meta && 'active' in meta ? meta.active ?? null : value.active
          return { threads, active, decorations: decorate(state, threads, active) }
        },
      },
      props: {
        decorations: (state) => threadHighlightsKey.getState(state)?.decorations,
        handleClick(view, pos) {
          const found = threadHighlightsKey.getState(view.state)?.decorations.find(pos, pos)
          const id = (found?.[0]?.spec as { threadId?: string } | undefined)?.threadId
          if (!id) return false
          onOpen(id)
          return false
        },
      },
    })]
  },
})
