import type { ApiProposalDiscussion } from '../../shared/proposalApi.ts'
import { fetchJson, useRequest, type Request } from './useApi.ts'

/** A proposal's discussion: its comments, and sending, editing and deleting one (each reloads it). */
export interface ProposalDiscussion {
  request: Request<ApiProposalDiscussion>
  send(body: string): Promise<void>
  edit(commentId: string, body: string): Promise<void>
  remove(commentId: string): Promise<void>
}

/** Loads the discussion of a proposal (call `request.run()` to load it). */
export function useProposalDiscussion(proposalId: () => string): ProposalDiscussion {
  const path = () => `/api/proposals/${encodeURIComponent(proposalId())}/comments`
  const request = useRequest((signal) => fetchJson<ApiProposalDiscussion>(path(), { signal }))
  const reload = async () => { await request.run() }
  return {
    request,
    async send(body) {
      await fetchJson(path(), { method: 'POST', body: { body } })
      await reload()
    },
    async edit(commentId, body) {
      await fetchJson(`/api/comments/${encodeURIComponent(commentId)}`, { method: 'PATCH', body: { body } })
      await reload()
    },
    async remove(commentId) {
      await fetchJson(`/api/comments/${encodeURIComponent(commentId)}`, { method: 'DELETE' })
      await reload()
    },
  }
}
