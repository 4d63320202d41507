import { Extension } from '@tiptap/core'
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { ApiResolvedTitle } from '../../shared/linkTypes.ts'
import { findWikiLinks } from './wikiLinkRanges.ts'

/** Where each link target leads: a page, or null for a red link. Targets not in the map are not known yet. */
export type WikiLinkStatuses = ReadonlyMap<string, ApiResolvedTitle | null>

interface StatusState {
  statuses: WikiLinkStatuses
  decorations: DecorationSet
}

/** The plugin's key; `setWikiLinkStatuses` sets what it shows. */
export const wikiLinkStatusKey = new PluginKey<StatusState>('wikiLinkStatus')

function decorate(doc: ProseMirrorNode, statuses: WikiLinkStatuses): DecorationSet {
  const decorations: Decoration[] = []
  for (const link of findWikiLinks(doc)) {
    if (!statuses.has(link.target)) continue
    const page = statuses.get(link.target)
    if (!page) {
      decorations.push(Decoration.inline(link.from, link.to, {
        class: 'wiki-link--missing', title: `“${link.target}” has no page yet`,
      }))
    } else if (page.via === 'alias') {
      decorations.push(Decoration.inline(link.from, link.to, { class: 'wiki-link--exists', title: `Now called “${page.title}”` }))
    } else {
      decorations.push(Decoration.inline(link.from, link.to, { class: 'wiki-link--exists' }))
    }
  }
  return DecorationSet.create(doc, decorations)
}

/**
 * Red links: marks each wiki link whose target has no page (`wiki-link--missing`, styled red)
 * or has one (`wiki-link--exists`). It only draws; `useWikiLinkStatus` asks the server and
 * hands the answers over with a transaction meta (no document change, nothing to sync).
 */
export const WikiLinkStatus = Extension.create({
  name: 'wikiLinkStatus',

  addProseMirrorPlugins() {
    return [
      new Plugin<StatusState>({
        key: wikiLinkStatusKey,
        state: {
          init: () => ({ statuses: new Map(), decorations: DecorationSet.empty }),
          apply(tr, value, _old, state) {
            const statuses = (tr.getMeta(wikiLinkStatusKey) as WikiLinkStatuses | undefined) ?? value.statuses
            if (statuses === value.statuses && !tr.docChanged) return value
            return { statuses, decorations: decorate(state.doc, statuses) }
          },
        },
        props: {
          decorations: (state) => wikiLinkStatusKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
