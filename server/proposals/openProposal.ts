import * as Y from 'yjs'
import { proposalDocumentName } from '../../shared/proposalDocument.ts'
import type { Actor } from '../core/Actor.ts'
import { forbidden, unauthenticated } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { loadDocument } from '../documents/compactDocument.ts'
import { bindClientIds, readClientOwners, writeCompactedState } from '../documents/documentQueries.ts'
import { authorizePage } from '../policies/authorize.ts'
import { canPropose } from '../policies/proposalPolicy.ts'
import { insertProposal } from './proposalQueries.ts'

/**
 * Opens a proposal: a branch of the page's document forked from its current state (stored
 * state plus every acknowledged edit in the log). The branch starts as that state, stored
 * before the proposal is returned; its client owners start as the page's, so nobody can
 * write on the branch under another author's client id. The fork's state vector and snapshot
 * mark where the proposal's own changes begin. The page's open editors hear of it.
 */
export async function openProposal(services: Services, actor: Actor, pageId: string, title: string | null): Promise<{ id: string; number: number; documentName: string }> {
  const { db } = services
  const { page, abilities } = await authorizePage(db, actor, pageId, 'read')
  if (!actor.userId) throw unauthenticated('Sign in to suggest changes.')
  if (!canPropose(actor, abilities)) throw forbidden('You cannot suggest changes to this page.')
  const pageDoc = new Y.Doc({ gc: false })
  await loadDocument(services, page.id, pageDoc)
  const owners = await readClientOwners(db, page.id)
  const authorId = actor.userId
  const opened = await db.transaction(async (tx) => {
    const proposal = await insertProposal(tx, {
      pageId: page.id, authorId, title,
      forkStateVector: Y.encodeStateVector(pageDoc),
      forkSnapshot: Y.encodeSnapshotV2(Y.snapshot(pageDoc)),
    })
    const documentName = proposalDocumentName(proposal.id)
    await writeCompactedState(tx, documentName, Y.encodeStateAsUpdate(pageDoc), Y.encodeStateVector(pageDoc), [])
    const byUser = new Map<string, number[]>()
    for (const [clientId, userId] of owners) byUser.set(userId, [...(byUser.get(userId) ?? []), clientId])
    for (const [userId, clientIds] of byUser) await bindClientIds(tx, documentName, clientIds, userId)
    return { ...proposal, documentName }
  })
  services.events.emit('proposalOpened', { proposalId: opened.id, pageId: page.id, spaceId: page.spaceId })
  return opened
}
