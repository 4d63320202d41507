import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { forbidden, notFound, unauthenticated } from '../core/AppError.ts'
import { loadPageAccess, loadSpaceAccess, type PageAccessRow, type SpaceAccessRow } from './accessQueries.ts'
import { spaceAbilities, type SpaceAbilities } from './spacePolicy.ts'

/** Something an actor may need to be able to do in a space. */
export type Ability = keyof SpaceAbilities

/** What a signed-in caller is told when they lack an ability (anonymous callers are asked to sign in). */
const DENIED: Record<Ability, string> = {
  read: 'You cannot read this space.',
  edit: 'Only editors and owners of this space can change its pages.',
  manage: 'Only owners of this space can do this.',
  seeMembers: 'Only members of this space can see who its members are.',
  comment: 'Only members of this space can comment; join it first.',
  join: 'This space is open to its members only; ask one of its owners to add you.',
}

/** A space the caller may act in, with their abilities there. */
export interface AuthorizedSpace {
  space: SpaceAccessRow
  abilities: SpaceAbilities
}

/**
 * Throws the right error when `abilities` lack `need`: 404 when the space cannot even be
 * read (so outsiders learn nothing of private spaces), 401 for anonymous callers, 403 else.
 */
export function requireAbility(actor: Actor, abilities: SpaceAbilities, need: Ability, what = 'That space'): void {
  if (!abilities.read) throw notFound(what)
  if (!abilities[need]) throw actor.userId ? forbidden(DENIED[need]) : unauthenticated()
}

/** Loads a space the actor may `need`, or throws 404/401/403. */
export async function authorizeSpace(db: Queryable, actor: Actor, spaceId: string, need: Ability): Promise<AuthorizedSpace> {
  const space = await loadSpaceAccess(db, { id: spaceId }, actor.userId)
  if (!space) throw notFound('That space')
  const abilities = spaceAbilities(actor, space)
  requireAbility(actor, abilities, need, 'That space')
  return { space, abilities }
}

/** Loads a space by its slug, like authorizeSpace. */
export async function authorizeSpaceBySlug(db: Queryable, actor: Actor, slug: string, need: Ability): Promise<AuthorizedSpace> {
  const space = await loadSpaceAccess(db, { slug }, actor.userId)
  if (!space) throw notFound('That space')
  const abilities = spaceAbilities(actor, space)
  requireAbility(actor, abilities, need, 'That space')
  return { space, abilities }
}

/** Loads a page whose space the actor may `need`, or throws 404/401/403. */
export async function authorizePage(db: Queryable, actor: Actor, pageId: string, need: Ability): Promise<AuthorizedSpace & { page: PageAccessRow }> {
  const page = await loadPageAccess(db, pageId)
  if (!page) throw notFound('That page')
  const space = await loadSpaceAccess(db, { id: page.spaceId }, actor.userId)
  if (!space) throw notFound('That page')
  const abilities = spaceAbilities(actor, space)
  requireAbility(actor, abilities, need, 'That page')
  return { page, space, abilities }
}
