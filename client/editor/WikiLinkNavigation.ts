import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Options of `WikiLinkNavigation`: what to do when a wiki link is followed. */
export interface WikiLinkNavigationOptions {
  /** Called with the link's target; `newTab` when Ctrl/⌘ or Shift was held. */
  onFollow: (target: string, newTab: boolean) => void
}

/**
 * Following a wiki link: a click on an `a.wiki-link` goes to its page inside the app,
 * whether the editor is editable or not (the mark's own `href` is only a fallback).
 */
export const WikiLinkNavigation = Extension.create<WikiLinkNavigationOptions>({
  name: 'wikiLinkNavigation',

  addOptions() {
    return { onFollow: () => {} }
  },

  addProseMirrorPlugins() {
    const follow = (event: MouseEvent) => {
      if (event.button !== 0) return false
      const anchor = (event.target as Element | null)?.closest?.('a.wiki-link')
      if (!anchor) return false
      // Let a drag-selection that starts on a link stay a selection.
      if (!window.getSelection()?.isCollapsed) return false
      event.preventDefault()
      this.options.onFollow(anchor.getAttribute('data-wiki-target') ?? '', event.ctrlKey || event.metaKey || event.shiftKey)
      return true
    }
    return [
      new Plugin({
        key: new PluginKey('wikiLinkNavigation'),
        props: {
          handleDOMEvents: { click: (_view, event) => follow(event) },
        },
      }),
    ]
  },
})
