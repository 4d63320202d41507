import type { Connection } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { loadProposalAccess } from '../policies/accessQueries.ts'
import { proposalAbilities } from '../policies/proposalPolicy.ts'
import type { Services } from '../core/Services.ts'
import { findSpace } from '../spaces/spaceQueries.ts'
import type { CollabContext } from './CollabContext.ts'

/**
 * The read-only flag a connection is to take at its next message. Flipping `readOnly` while a
 * message is half handled would let it be logged but refused (or applied but not logged), so
 * the change lands between messages, before the next one is looked at (AuthExtension).
 */
const pendingReadOnly = new WeakMap<Connection, boolean>()

/** Applies a pending access change to a connection; called before each of its messages. */
export function applyPendingAccess(connection: Connection): void {
  const readOnly = pendingReadOnly.get(connection)
  if (readOnly === undefined) return
  pendingReadOnly.delete(connection)
  connection.readOnly = readOnly
}

/** The open connections to pages whose context matches. */
export function openConnections(services: Services, matches: (context: CollabContext) => boolean): Connection<CollabContext>[] {
  const found: Connection<CollabContext>[] = []
  for (const document of services.hocuspocus.documents.values()) {
    for (const connection of document.getConnections() as Connection<CollabContext>[]) {
      if (connection.context && matches(connection.context)) found.push(connection)
    }
  }
  return found
}

/**
 * Re-checks the open connections of a space (optionally of one user) after a membership or
 * visibility change: those who may no longer read are disconnected from the page; those
 * whose right to edit changed turn read-only (or read-write) before their next message, and
 * are told at once with a stateless `{"type":"access","readOnly":…}` message.
 */
export async function applyAccessChanges(services: Services, spaceId: string, userId?: string): Promise<void> {
  const affected = openConnections(services, (context) => context.spaceId === spaceId && (userId === undefined || context.actor.userId === userId))
  if (affected.length === 0) return
  const cache = new Map<string | null, Awaited<ReturnType<typeof findSpace>>>()
  for (const connection of affected) {
    const { actor } = connection.context
    if (!cache.has(actor.userId)) cache.set(actor.userId, await findSpace(services.db, spaceId, actor.userId))
    const space = cache.get(actor.userId)
    const abilities = space ? spaceAbilities(actor, space) : null
    if (!abilities?.read) {
      pendingReadOnly.delete(connection)
      connection.close(CloseCodes.accessChanged)
      continue
    }
    const readOnly = !(await canWrite(services, connection.context, abilities))
    if ((pendingReadOnly.get(connection) ?? connection.readOnly) === readOnly) continue
    pendingReadOnly.set(connection, readOnly)
    connection.sendStateless(JSON.stringify({ type: 'access', readOnly }))
  }
}

/** Whether a connection may write its document: a page by the space's rules, a proposal by its own. */
async function canWrite(services: Services, context: CollabContext, abilities: ReturnType<typeof spaceAbilities>): Promise<boolean> {
  if (!context.proposalId) return abilities.edit
  const proposal = await loadProposalAccess(services.db, context.proposalId)
  return proposal !== null && proposalAbilities(context.actor, abilities, proposal).edit
}

/** Re-checks the open connections of a proposal's document after it was merged or declined (now read-only). */
export function closeProposalForWriting(services: Services, proposalId: string): void {
  for (const connection of openConnections(services, (context) => context.proposalId === proposalId)) {
    if (connection.readOnly) continue
    pendingReadOnly.set(connection, true)
    connection.sendStateless(JSON.stringify({ type: 'access', readOnly: true }))
  }
}

/** Closes every open connection made with a session that was signed out. */
export function closeSessionConnections(services: Services, sessionId: string): void {
  for (const connection of openConnections(services, (context) => context.actor.sessionId === sessionId)) {
    connection.close(CloseCodes.sessionEnded)
  }
}
