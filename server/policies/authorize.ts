import type { Actor } from '../accounts/Actor.ts'
import type { Queryable } from '../db/Db.ts'
import { forbidden, notFound, unauthenticated } from '../http/AppError.ts'
import { findPage, type PageRow } from '../pages/pageQueries.ts'
import { findSpace, type SpaceWithRole } from '../spaces/spaceQueries.ts'
import { spaceAbilities, type SpaceAbilities } from './spacePolicy.ts'

export type Ability = 'read' | 'edit' | 'manage'

/** Throws the right error when `abilities` lack `need`: 404 hides what cannot be read. */
function check(actor: Actor, abilities: SpaceAbilities, need: Ability, what: string): void {
  if (!abilities.read) throw notFound(what)
  if (!abilities[need]) throw actor.userId ? forbidden() : unauthenticated()
}

/** Loads a space the actor may `need`, or throws 404/401/403. */
export async function authorizeSpace(db: Queryable, actor: Actor, spaceId: string, need: Ability) {
  const space = await findSpace(db, spaceId, actor.userId)
  if (!space) throw notFound('That space')
  const abilities = spaceAbilities(actor, space)
  check(actor, abilities, need, 'That space')
  return { space, abilities }
}

/** Loads a page whose space the actor may `need`, or throws 404/401/403. */
export async function authorizePage(db: Queryable, actor: Actor, pageId: string, need: Ability): Promise<{
  page: PageRow
  space: SpaceWithRole
  abilities: SpaceAbilities
}> {
  const page = await findPage(db, pageId)
  if (!page) throw notFound('That page')
  const space = await findSpace(db, page.spaceId, actor.userId)
  if (!space) throw notFound('That page')
  const abilities = spaceAbilities(actor, space)
  check(actor, abilities, need, 'That page')
  return { page, space, abilities }
}
