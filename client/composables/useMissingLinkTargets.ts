import { shallowRef, watch } from 'vue'
import type { ApiAnnotatedNode } from '../../shared/historyTypes.ts'
import { resolveTargets } from './useLinkResolution.ts'

/** The wiki link targets written anywhere in a history document. */
function linkTargets(nodes: readonly ApiAnnotatedNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    for (const mark of node.marks ?? []) {
      if (mark.type === 'wikiLink' && typeof mark.attrs?.target === 'string') into.add(mark.attrs.target)
    }
    if (node.content) linkTargets(node.content, into)
  }
  return into
}

/**
 * Which wiki link targets of a history document (a revision, a comparison, blame) lead to no
 * page the reader may open today, so they show red as in the editor. Empty until the server
 * has answered, and when it could not (the links then show as ordinary links).
 */
export function useMissingLinkTargets(content: () => readonly ApiAnnotatedNode[], spaceId: () => string | null) {
  const missing = shallowRef<ReadonlySet<string>>(new Set())
  watch([content, spaceId], async ([nodes, id], _old, onCleanup) => {
    const controller = new AbortController()
    onCleanup(() => controller.abort())
    const targets = [...linkTargets(nodes)]
    if (!id || targets.length === 0) {
      missing.value = new Set()
      return
    }
    try {
      const answers = await resolveTargets(id, targets, controller.signal)
      missing.value = new Set(targets.filter((_, i) => answers[i] && answers[i].page === null))
    } catch {
      // A failed lookup leaves the links uncoloured; the document itself is still shown.
    }
  }, { immediate: true })
  return missing
}
