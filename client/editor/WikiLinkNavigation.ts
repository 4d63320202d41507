import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Options of `WikiLinkNavigation`: what to do when a wiki link is followed. */
export interface WikiLinkNavigationOptions {
  /** Called with the link's target; `newTab` when the reader asked for another tab. */
  onFollow: (target: string, newTab: boolean) => void
}

/**
 * Following links. In a page being edited a plain click on a wiki link or a web link places
 * the caret there (and the popover shows), as in Google Docs or Outline; Ctrl/⌘-click follows
 * it (a web link in a new tab). A reader's plain click follows: wiki links inside the app
 * (Ctrl/⌘ or Shift for a new tab), web links as the browser does.
 */
export const WikiLinkNavigation = Extension.create<WikiLinkNavigationOptions>({
  name: 'wikiLinkNavigation',

  addOptions() {
    return { onFollow: () => {} }
  },

  addProseMirrorPlugins() {
    const follow = (editable: boolean, event: MouseEvent) => {
      if (event.button !== 0) return false
      const anchor = (event.target as Element | null)?.closest?.('a')
      if (!anchor) return false
      const mod = event.ctrlKey || event.metaKey
      // Let a drag-selection that starts on a link stay a selection. (A Ctrl/⌘ mousedown has
      // already made ProseMirror select the paragraph: that one is no reason to stay.)
      if (!mod && !window.getSelection()?.isCollapsed) return false
      if (anchor.classList.contains('wiki-link')) {
        if (editable && !mod) return false
        event.preventDefault()
        this.options.onFollow(anchor.getAttribute('data-wiki-target') ?? '', editable ? event.shiftKey : mod || event.shiftKey)
        return true
      }
      const href = anchor.getAttribute('href')
      if (!editable || !mod || !href) return false
      event.preventDefault()
      window.open(href, '_blank', 'noopener,noreferrer')
      return true
    }
    return [
      new Plugin({
        key: new PluginKey('wikiLinkNavigation'),
        props: {
          handleDOMEvents: { click: (view, event) => follow(view.editable, event) },
        },
      }),
    ]
  },
})
