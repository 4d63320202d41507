import * as Y from 'yjs'
import { proposalDocumentName } from '../../shared/proposalDocument.ts'
import type { Actor } from '../core/Actor.ts'
import { conflict } from '../core/AppError.ts'
import { usernamesByIds } from '../accounts/userQueries.ts'
import type { Services } from '../core/Services.ts'
import { loadDocument } from '../documents/compactDocument.ts'
import { bindClientIds, readClientOwners } from '../documents/documentQueries.ts'
import { newDeletions } from '../history/deletionRanges.ts'
import type { RevisionsExtension } from '../history/RevisionsExtension.ts'
import { branchAttributeChanges } from '../internals/branchAttributeChanges.ts'
import { walkBranch } from '../internals/walkBranch.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { attributeChange } from './attributeChange.ts'
import { keepRejectedAttributes } from './keepRejectedAttributes.ts'
import { mergeUpdate } from './mergeUpdate.ts'
import { tellProposalAuthor } from './tellProposalAuthor.ts'
import { proposalChanges, type ProposalChange } from './proposalChanges.ts'
import { closeProposal, findProposal, readProposalFork, reopenProposal, setProposalRevision, type ProposalRow } from './proposalQueries.ts'

/** The context of the server's own connection to a page (see CollabContext). */
interface MergeContext {
  actor: Actor
  pageId: string
  spaceId: string
  loggedByCaller: true
}

/** A proposal's branch as stored (state plus every acknowledged edit), its changes, and where it was forked. */
export async function readBranch(services: Services, proposalId: string): Promise<{ branch: Y.Doc; forkStateVector: Uint8Array; changes: ProposalChange[] }> {
  const branch = new Y.Doc({ gc: false })
  await loadDocument(services, proposalDocumentName(proposalId), branch)
  const fork = await readProposalFork(services.db, proposalId)
  const snapshot = Y.decodeSnapshotV2(fork.forkSnapshot)
  const changes = [...proposalChanges(walkBranch(branch, snapshot)), ...branchAttributeChanges(branch, snapshot).map(attributeChange)]
  return { branch, forkStateVector: fork.forkStateVector, changes }
}

/**
 * Merges a proposal into its live page through the CRDT: the branch's own items since the
 * fork are applied to the page, so edits made on the page meanwhile stay. `accept` (change
 * ids) keeps only those changes; without it, all. The proposal's client ids are bound on the
 * page to the users who wrote with them on the branch, so blame credits its authors; an id
 * the page already knows for someone else (or that wrote on the page since the fork) refuses
 * the merge. The proposal is claimed (closed) first, so two reviewers never merge it twice,
 * and reopened if the merge fails. The merge is logged before it is applied, then cut as a
 * revision "Merged proposal #N “title” by A with C, approved by B".
 */
export async function mergeProposal(services: Services, revisions: RevisionsExtension, actor: Actor & { userId: string }, proposalId: string, accept?: string[]): Promise<{ revisionId: string | null; applied: number; rejected: number }> {
  const { db, events } = services
  const { proposal } = await authorizeProposal(db, actor, proposalId, 'review')
  if (proposal.pageDeleted) throw conflict('The page of this proposal was deleted; decline it instead.', 'page_deleted')
  if (!(await closeProposal(db, proposalId, { status: 'merged', by: actor.userId, reason: null }))) {
    throw conflict('This proposal was closed meanwhile.', 'proposal_closed')
  }
  events.emit('proposalClosed', { proposalId, pageId: proposal.pageId, spaceId: proposal.spaceId })
  const merged = await mergeClaimed(services, revisions, actor, proposalId, accept)
  await tellProposalAuthor(services, 'proposal_merged', { id: proposalId, pageId: proposal.pageId, authorId: proposal.authorId }, actor.userId)
  return merged
}

/** The merge of a proposal this reviewer has claimed; reopens it when anything fails. */
async function mergeClaimed(services: Services, revisions: RevisionsExtension, actor: Actor & { userId: string }, proposalId: string, accept?: string[]): Promise<{ revisionId: string | null; applied: number; rejected: number }> {
  const { db } = services
  try {
    const documentName = proposalDocumentName(proposalId)
    await services.updateLog.whenDurable(documentName)
    const { branch, forkStateVector, changes } = await readBranch(services, proposalId)
    const accepted = accept ? new Set(accept) : null
    if (accepted) {
      const unknown = [...accepted].filter((id) => !changes.some((c) => c.id === id))
      if (unknown.length > 0) throw conflict('The proposal changed since it was reviewed; review it again.', 'changes_moved')
    }
    const rejected = accepted ? changes.filter((c) => !accepted.has(c.id)) : []
    const update = mergeUpdate(branch, forkStateVector, rejected)
    const row = (await findProposal(db, proposalId))!
    const revisionId = await applyToPage(services, revisions, actor, row, { documentName, branch, forkStateVector, update, rejected })
    if (revisionId) await setProposalRevision(db, proposalId, revisionId)
    return { revisionId, applied: changes.length - rejected.length, rejected: rejected.length }
  } catch (error) {
    await reopenProposal(db, proposalId)
    throw error
  }
}

async function applyToPage(
  services: Services, revisions: RevisionsExtension, actor: Actor & { userId: string },
  proposal: ProposalRow,
  merge: { documentName: string; branch: Y.Doc; forkStateVector: Uint8Array; update: Uint8Array; rejected: ProposalChange[] },
): Promise<string | null> {
  const { db } = services
  const fork = Y.decodeStateVector(merge.forkStateVector)
  const writers = [...Y.decodeStateVector(Y.encodeStateVector(merge.branch))]
    .filter(([client, clock]) => clock > (fork.get(client) ?? 0)).map(([client]) => client)
  const owners = await readClientOwners(db, merge.documentName)
  const context: MergeContext = { actor, pageId: proposal.pageId, spaceId: proposal.spaceId, loggedByCaller: true }
  const connection = await services.hocuspocus.openDirectConnection(proposal.pageId, context)
  try {
    await revisions.flush(proposal.pageId)
    const live = connection.document!
    const byOwner = new Map<string, number[]>()
    for (const client of writers) {
      const owner = owners.get(client)
      // Every client id that wrote on the branch was bound by Attribution; one that also wrote
      // on the page since the fork would make two different items of one id.
      if (!owner || Y.getState(live.store, client) > (fork.get(client) ?? 0)) {
        throw conflict('This proposal was written under a client id the page uses too; it cannot be merged.', 'client_conflict')
      }
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), client])
    }
    for (const [owner, clients] of byOwner) {
      if ((await bindClientIds(db, proposal.pageId, clients, owner)).length > 0) {
        throw conflict('This proposal was written under a client id that belongs to someone else on the page.', 'client_conflict')
      }
    }
    const update = keepRejectedAttributes(live, merge.update, merge.rejected)
    const deletions = newDeletions(live, update)
    const authorId = proposal.authorId
    await services.updateLog.append(proposal.pageId, update, authorId)
    await connection.transact((document) => Y.applyUpdate(document, update))
    const cut = await revisions.cutNow(proposal.pageId, {
      kind: 'merge', createdBy: actor.userId, summary: await mergeSummary(services, proposal, [...byOwner.keys()], actor.username ?? 'a reviewer'),
    }, { editors: [...byOwner.keys()], deletions: authorId && deletions.size > 0 ? new Map([[authorId, deletions]]) : new Map() })
    return cut?.revision.id ?? null
  } finally {
    await connection.disconnect()
  }
}

/** "Merged proposal #N “title” by A with C, approved by B": the co-editors named are those who wrote in it. */
async function mergeSummary(services: Services, proposal: ProposalRow, writerIds: string[], approver: string): Promise<string> {
  const coWriters = writerIds.filter((id) => id !== proposal.authorId)
  const names = await usernamesByIds(services.db, coWriters)
  const others = coWriters.map((id) => names.get(id)).filter((name): name is string => name !== undefined)
  const title = proposal.title ? ` “${proposal.title}”` : ''
  const by = `${proposal.authorName ?? 'a former member'}${others.length > 0 ? ` with ${others.join(', ')}` : ''}`
  return `Merged proposal #${proposal.number}${title} by ${by}, approved by ${approver}`
}
