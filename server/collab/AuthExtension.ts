import type { Extension, onAuthenticatePayload } from '@hocuspocus/server'
import { resolveActor } from '../accounts/resolveActor.ts'
import { sessionTokenFromCookie } from '../accounts/sessionCookie.ts'
import { AppError } from '../http/AppError.ts'
import { authorizePage } from '../policies/authorize.ts'
import type { Services } from '../Services.ts'
import type { CollabContext } from './CollabContext.ts'

/** Provider tokens that only mean "use my cookie" (the provider must send some token). */
const COOKIE_PLACEHOLDERS = new Set(['', 'cookie', 'anonymous'])

/**
 * Who may open a page's document, and how: editors read-write, viewers and anonymous
 * readers of public spaces read-only, everybody else refused. Authentication is the provider's
 * `token` (a session token) or the session cookie of the upgrade request.
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
    const token = COOKIE_PLACEHOLDERS.has(data.token) ? sessionTokenFromCookie(data.requestHeaders.get('cookie')) : data.token
    const actor = await resolveActor(db, token)
    try {
      const { page, abilities } = await authorizePage(db, actor, data.documentName, 'read')
      data.connectionConfig.readOnly = !abilities.edit
      return { actor, pageId: page.id, spaceId: page.spaceId }
    } catch (error) {
      if (error instanceof AppError) throw { reason: error.id === 'not_found' ? 'not-found' : 'permission-denied' }
      throw error
    }
  }
}
