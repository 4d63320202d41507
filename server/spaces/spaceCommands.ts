import type { Role, Visibility } from '../../shared/apiTypes.ts'
import { slugify } from '../../shared/wikiTitle.ts'
import type { Actor } from '../accounts/Actor.ts'
import { findUserByUsername } from '../accounts/userQueries.ts'
import { conflict, invalidInput, notFound, unauthenticated } from '../http/AppError.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import type { Services } from '../Services.ts'
import {
  countOwners, deleteMembership, insertMembershipIfAbsent, insertSpace, updateSpace, upsertMembership, type SpaceRow,
} from './spaceQueries.ts'

/** Creates a space; the creator becomes its owner. A slug is derived from the name unless given. */
export async function createSpace(services: Services, actor: Actor, input: { name: string; visibility: Visibility; slug?: string }): Promise<SpaceRow> {
  if (!actor.userId) throw unauthenticated()
  const base = input.slug ?? (slugify(input.name).slice(0, 50) || 'space')
  return services.db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const slug = attempt === 0 ? base : `${base}-${attempt + 1}`
      const space = await insertSpace(tx, { slug, name: input.name.trim(), visibility: input.visibility }, actor.userId)
      if (space) {
        await upsertMembership(tx, space.id, actor.userId!, 'owner')
        return space
      }
      if (input.slug) break
    }
    throw conflict('That space address is taken.', 'slug_taken')
  })
}

/** Renames a space or changes its visibility (owners only). */
export async function changeSpace(services: Services, actor: Actor, spaceId: string, changes: { name?: string; visibility?: Visibility }): Promise<void> {
  await authorizeSpace(services.db, actor, spaceId, 'manage')
  await updateSpace(services.db, spaceId, changes)
  services.events.emit('spaceChanged', { spaceId })
}

/** Gives a user a role in a space (owners only). A space always keeps at least one owner. */
export async function setMemberRole(services: Services, actor: Actor, spaceId: string, username: string, role: Role): Promise<void> {
  await authorizeSpace(services.db, actor, spaceId, 'manage')
  const user = await findUserByUsername(services.db, username)
  if (!user || user.isSystem) throw notFound('That user')
  await services.db.transaction(async (tx) => {
    await upsertMembership(tx, spaceId, user.id, role)
    if (role !== 'owner' && (await countOwners(tx, spaceId)) === 0) throw invalidInput('A space needs at least one owner.', 'last_owner')
  })
  services.events.emit('membershipChanged', { spaceId, userId: user.id, role })
}

/** Removes a user from a space (owners only); their open connections lose access at once. */
export async function removeMember(services: Services, actor: Actor, spaceId: string, username: string): Promise<void> {
  await authorizeSpace(services.db, actor, spaceId, 'manage')
  const user = await findUserByUsername(services.db, username)
  if (!user) throw notFound('That user')
  const removed = await services.db.transaction(async (tx) => {
    const gone = await deleteMembership(tx, spaceId, user.id)
    if (gone && (await countOwners(tx, spaceId)) === 0) throw invalidInput('A space needs at least one owner.', 'last_owner')
    return gone
  })
  if (!removed) throw notFound('That member')
  services.events.emit('membershipChanged', { spaceId, userId: user.id, role: null })
}

/** A signed-in user joins a public space as an editor (a no-op for members). */
export async function joinSpace(services: Services, actor: Actor, spaceId: string): Promise<void> {
  const { abilities } = await authorizeSpace(services.db, actor, spaceId, 'read')
  if (!actor.userId) throw unauthenticated()
  if (!abilities.join) return
  await insertMembershipIfAbsent(services.db, spaceId, actor.userId, 'editor')
  services.events.emit('membershipChanged', { spaceId, userId: actor.userId, role: 'editor' })
}
