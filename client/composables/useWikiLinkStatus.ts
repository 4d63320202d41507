import type { Editor } from '@tiptap/vue-3'
import { onScopeDispose, watch, type ShallowRef } from 'vue'
import type { ApiResolvedTitle } from '../../shared/linkTypes.ts'
import { findWikiLinks } from '../editor/wikiLinkRanges.ts'
import { wikiLinkStatusKey } from '../editor/WikiLinkStatus.ts'
import { resolveTargets } from './useLinkResolution.ts'
import { onPageNotice } from './usePageNotices.ts'

const SETTLE_MS = 250

/**
 * Keeps the red/blue state of the editor's wiki links true: asks the server about targets it
 * has not seen (a moment after the text settles), and asks again about all of them when the
 * server says a linked page appeared, moved or went away. A failed request leaves links as
 * they are and is tried again on the next change.
 */
export function useWikiLinkStatus(editor: ShallowRef<Editor | undefined>, spaceId: () => string, pageId: () => string): void {
  const known = new Map<string, ApiResolvedTitle | null>()
  let timer: ReturnType<typeof setTimeout> | undefined
  // Bumped when the server says links moved: answers asked for before that are stale.
  let epoch = 0

  async function refresh(all: boolean) {
    const current = editor.value
    if (!current || current.isDestroyed) return
    if (all) {
      known.clear()
      epoch += 1
    }
    const targets = [...new Set(findWikiLinks(current.state.doc).map((l) => l.target))].filter((t) => !known.has(t))
    if (targets.length === 0) return
    const asked = epoch
    try {
      const answers = await resolveTargets(spaceId(), targets)
      if (asked !== epoch) return
      for (const answer of answers) known.set(answer.target, answer.page)
      if (!current.isDestroyed) current.view.dispatch(current.state.tr.setMeta(wikiLinkStatusKey, new Map(known)))
    } catch {
      // Unknown stays unknown (no colour); the next change asks again.
    }
  }

  const schedule = (all = false) => {
    clearTimeout(timer)
    timer = setTimeout(() => void refresh(all), all ? 0 : SETTLE_MS)
  }
  const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
    if (transaction.docChanged) schedule()
  }
  watch(editor, (current, _old, onCleanup) => {
    if (!current) return
    current.on('transaction', onTransaction)
    schedule()
    onCleanup(() => current.off('transaction', onTransaction))
  }, { immediate: true })
  onPageNotice(pageId, 'links', () => schedule(true))
  onScopeDispose(() => clearTimeout(timer))
}
