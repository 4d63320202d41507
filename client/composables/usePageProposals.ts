import { computed, watch } from 'vue'
import type { ApiProposal } from '../../shared/proposalApi.ts'
import { fetchJson, useRequest } from './useApi.ts'
import { onPageNotice } from './usePageNotices.ts'

/**
 * How many proposals to page `pageId()` are open, for the badge on the page; reloaded when
 * the page changes and when a proposal to it opens or closes. A failed load shows no badge (the page itself is what matters here).
 */
export function usePageProposals(pageId: () => string | null) {
  const proposals = useRequest((signal) => fetchJson<ApiProposal[]>(`/api/pages/${encodeURIComponent(pageId() ?? '')}/proposals`, { signal }))
  watch(pageId, (id) => { if (id) void proposals.run() }, { immediate: true })
  // The page's editor hears when a proposal to it opens or closes, on any instance.
  onPageNotice(() => pageId() ?? '', 'proposals', () => { if (pageId()) void proposals.run() })
  return computed(() => proposals.data.value?.filter((p) => p.status === 'open' && p.pageId === pageId()).length ?? 0)
}
