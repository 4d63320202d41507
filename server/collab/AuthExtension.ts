import type { beforeHandleMessagePayload, Extension, onAuthenticatePayload } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { ANONYMOUS } from '../core/Actor.ts'
import { resolveActor } from '../accounts/resolveActor.ts'
import { sessionTokenFromCookie } from '../accounts/sessionCookie.ts'
import { AppError } from '../core/AppError.ts'
import { isCanonicalPageId } from '../pages/canonicalPageId.ts'
import { authorizePage } from '../policies/authorize.ts'
import { authorizeProposal } from '../policies/proposalPolicy.ts'
import { isProposalDocument, proposalIdOf } from '../../shared/proposalDocument.ts'
import { isUuid } from '../core/isUuid.ts'
import type { Services } from '../core/Services.ts'
import { applyPendingAccess } from './applyAccessChanges.ts'
import type { CollabContext } from './CollabContext.ts'
import { closeWith } from './closeWith.ts'

/** Why a document name that is a page id in another spelling (upper case) is refused. */
export const NON_CANONICAL_NAME = 'non-canonical-name'

/** Provider tokens that only mean "use my cookie" (the provider must send some token). */
const COOKIE_PLACEHOLDERS = new Set(['', 'cookie', 'anonymous'])

/**
 * Who may open a page's document, and how: editors read-write, viewers and anonymous
 * readers of public spaces read-only, everybody else refused ('not-found', as the API's 404).
 * Authentication is the provider's `token` (a session token) or the session cookie of the
 * upgrade request; a token that opens no live session is refused ('session-ended'), a stale
 * cookie reads as anonymous. A document name must be a page id in its canonical spelling
 * (refused 'non-canonical-name' otherwise): one page, one document in memory — or
 * `proposal:<id>`, a proposal's branch, read by the page's readers and written by its author
 * alone (never the page: the name opens the branch only). Runs first, also
 * on every message, to apply access changes and end connections whose session has expired.
 */
export class AuthExtension implements Extension {
  extensionName = 'Auth'
  priority = 1000
  private readonly services: Services

  constructor(services: Services) {
    this.services = services
  }

  async onAuthenticate(data: onAuthenticatePayload): Promise<CollabContext> {
    const { db } = this.services
    const proposalId = proposalIdOf(data.documentName)
    if (isProposalDocument(data.documentName) && !proposalId) throw { reason: 'not-found' }
    // Before any database work: another spelling of an id would load a second copy of the page.
    if (!proposalId && !isCanonicalPageId(data.documentName)) {
      throw { reason: isUuid(data.documentName) ? NON_CANONICAL_NAME : 'not-found' }
    }
    const fromCookie = COOKIE_PLACEHOLDERS.has(data.token)
    const token = fromCookie ? sessionTokenFromCookie(data.requestHeaders.get('cookie')) : data.token
    const actor = (await resolveActor(db, token)) ?? (fromCookie ? ANONYMOUS : null)
    if (!actor) throw { reason: CloseCodes.sessionEnded.reason }
    try {
      if (proposalId) {
        // A proposal opens its own branch only: its page's readers read it, its author and co-editors write it.
        const { proposal, abilities } = await authorizeProposal(db, actor, proposalId, 'read')
        data.connectionConfig.readOnly = !abilities.edit
        return { actor, pageId: proposal.pageId, spaceId: proposal.spaceId, proposalId }
      }
      const { page, abilities } = await authorizePage(db, actor, data.documentName, 'read')
      data.connectionConfig.readOnly = !abilities.edit
      return { actor, pageId: page.id, spaceId: page.spaceId }
    } catch (error) {
      if (error instanceof AppError) throw { reason: error.id === 'not_found' ? 'not-found' : 'permission-denied' }
      throw error
    }
  }

  /**
   * Before Attribution and Durability look at a message: a role changed meanwhile takes effect
   * here, and a connection whose session has expired is closed (idle ones go at their next
   * awareness beat) without its message being applied.
   */
  async beforeHandleMessage({ connection, context }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    const expiresAt = context.actor.sessionExpiresAt
    if (expiresAt !== undefined && Date.now() >= expiresAt) throw closeWith(CloseCodes.sessionEnded)
    applyPendingAccess(connection)
  }
}
