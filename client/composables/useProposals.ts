import type { ApiProposal, ApiProposalDetail } from '../../shared/proposalApi.ts'
import { fetchJson, useRequest } from './useApi.ts'

/** Opens a proposal on a page (a branch of its text, to edit and submit for review). */
export async function openProposal(pageId: string): Promise<{ id: string; number: number; documentName: string }> {
  return fetchJson(`/api/pages/${encodeURIComponent(pageId)}/proposals`, { method: 'POST', body: {} })
}

/** Merges a proposal; `accept` lists the change ids to keep (the rest are rejected). */
export async function mergeProposal(proposalId: string, accept: string[]): Promise<{ revisionId: string | null; applied: number; rejected: number }> {
  return fetchJson(`/api/proposals/${encodeURIComponent(proposalId)}/merge`, { method: 'POST', body: { accept } })
}

/** Declines a proposal with a reason (a reviewer), or withdraws it (its author). */
export async function declineProposal(proposalId: string, reason: string): Promise<ApiProposal> {
  return fetchJson(`/api/proposals/${encodeURIComponent(proposalId)}/decline`, { method: 'POST', body: { reason } })
}

/** One proposal with its changes and what the reader may do with it. */
export function useProposal(proposalId: () => string) {
  return useRequest((signal) => fetchJson<ApiProposalDetail>(`/api/proposals/${encodeURIComponent(proposalId())}`, { signal }))
}

/** A space's open proposals, newest first. */
export async function listSpaceProposals(spaceId: string, signal?: AbortSignal): Promise<ApiProposal[]> {
  return fetchJson(`/api/spaces/${encodeURIComponent(spaceId)}/proposals`, { signal })
}

/** Changes a proposal's title (its author); null or empty removes it. */
export async function retitleProposal(proposalId: string, title: string | null): Promise<ApiProposal> {
  return fetchJson(`/api/proposals/${encodeURIComponent(proposalId)}`, { method: 'PATCH', body: { title } })
}

/** Invites a member of the space to co-edit a proposal (its author). */
export async function inviteCoEditor(proposalId: string, username: string): Promise<void> {
  await fetchJson(`/api/proposals/${encodeURIComponent(proposalId)}/coeditors/${encodeURIComponent(username)}`, { method: 'PUT' })
}

/** Removes a co-editor (the author), or leaves (the co-editor). */
export async function removeCoEditor(proposalId: string, username: string): Promise<void> {
  await fetchJson(`/api/proposals/${encodeURIComponent(proposalId)}/coeditors/${encodeURIComponent(username)}`, { method: 'DELETE' })
}
