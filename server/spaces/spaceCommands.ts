import type { Role, Visibility } from '../../shared/apiTypes.ts'
import { slugify } from '../../shared/wikiTitle.ts'
import type { Actor } from '../core/Actor.ts'
import { findUserByUsername } from '../accounts/userQueries.ts'
import { conflict, notFound, unauthenticated } from '../core/AppError.ts'
import { authorizeSpace, requireAbility } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import {
  countOwners, deleteMembership, insertMembershipIfAbsent, insertSpace, lockSpace, updateSpace, upsertMembership,
  type MemberRow, type SpaceRow,
} from './spaceQueries.ts'

const lastOwner = () => conflict('A space needs at least one owner; make someone else an owner first.', 'last_owner')

/** Creates a space; the creator becomes its owner. A slug is derived from the name unless given. */
export async function createSpace(services: Services, actor: Actor, input: { name: string; visibility: Visibility; slug?: string }): Promise<SpaceRow> {
  const userId = actor.userId
  if (!userId) throw unauthenticated('Sign in to create a space.')
  const base = input.slug ?? (slugify(input.name).slice(0, 50) || 'space')
  return services.db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${attempt + 1}`
      const space = await insertSpace(tx, { slug, name: input.name.trim(), visibility: input.visibility }, userId)
      if (space) {
        await upsertMembership(tx, space.id, userId, 'owner')
        return space
      }
      if (input.slug) break
    }
    throw conflict('That space address is taken.', 'slug_taken')
  })
}

/** Renames a space, changes its visibility or opens it for joining (owners only). */
export async function changeSpace(
  services: Services, actor: Actor, spaceId: string, changes: { name?: string; visibility?: Visibility; joinable?: boolean; description?: string },
): Promise<void> {
  const { space } = await authorizeSpace(services.db, actor, spaceId, 'manage')
  await updateSpace(services.db, space.id, changes)
  // Readers who lose access (a space turned private) are disconnected by the listener.
  services.events.emit('spaceChanged', { spaceId: space.id })
}

/**
 * Refuses, without locking anything, a caller who may not do `ability` in the space: an
 * outsider (or anyone with a malformed id) must not make an owner's change of the space wait,
 * nor wait for it. The check is made again under the lock, where it decides.
 */
async function authorizeBeforeLocking(services: Services, actor: Actor, spaceId: string, ability: 'manage' | 'seeMembers'): Promise<void> {
  await authorizeSpace(services.db, actor, spaceId, ability)
}

/**
 * Adds a user to a space or changes their role (owners only). A space always keeps at least
 * one owner. Changes of one space run one at a time, so two owners demoting each other at
 * once cannot leave it without one. Whoever may not make the change is refused before the space
 * is locked (see authorizeBeforeLocking).
 */
export async function setMemberRole(services: Services, actor: Actor, spaceId: string, username: string, role: Role): Promise<MemberRow> {
  await authorizeBeforeLocking(services, actor, spaceId, 'manage')
  const user = await findUserByUsername(services.db, username)
  const member = await services.db.transaction(async (tx) => {
    await lockSpace(tx, spaceId)
    const { space } = await authorizeSpace(tx, actor, spaceId, 'manage')
    if (!user || user.isSystem) throw notFound('A user with that name')
    await upsertMembership(tx, space.id, user.id, role)
    if (role !== 'owner' && (await countOwners(tx, space.id)) === 0) throw lastOwner()
    return { userId: user.id, username: user.username, role }
  })
  services.events.emit('membershipChanged', { spaceId, userId: member.userId, role })
  return member
}

/**
 * Removes a user from a space: owners remove anyone, and every member may leave. Their open
 * connections to the space's pages close or turn read-only at once (via membershipChanged).
 */
export async function removeMember(services: Services, actor: Actor, spaceId: string, username: string): Promise<void> {
  const user = await findUserByUsername(services.db, username)
  const leaving = user !== null && user.id === actor.userId
  await authorizeBeforeLocking(services, actor, spaceId, leaving ? 'seeMembers' : 'manage')
  const removedId = await services.db.transaction(async (tx) => {
    await lockSpace(tx, spaceId)
    const { space } = await authorizeSpace(tx, actor, spaceId, leaving ? 'seeMembers' : 'manage')
    if (!user || !(await deleteMembership(tx, space.id, user.id))) throw notFound('That member')
    if ((await countOwners(tx, space.id)) === 0) throw lastOwner()
    return user.id
  })
  services.events.emit('membershipChanged', { spaceId, userId: removedId, role: null })
}

/**
 * A signed-in user joins a public, joinable space as an editor. A member's join is a no-op:
 * joining never changes a role an owner gave.
 */
export async function joinSpace(services: Services, actor: Actor, spaceId: string): Promise<void> {
  const { space, abilities } = await authorizeSpace(services.db, actor, spaceId, 'read')
  if (space.role && actor.userId) return
  requireAbility(actor, abilities, 'join')
  await insertMembershipIfAbsent(services.db, space.id, actor.userId!, 'editor')
  services.events.emit('membershipChanged', { spaceId: space.id, userId: actor.userId!, role: 'editor' })
}
