import type { ApiSpace } from '../../shared/apiTypes.ts'
import type { Actor } from '../core/Actor.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import type { SpaceWithRole } from './spaceQueries.ts'

/** A space as the API shows it to one caller, with what that caller may do in it. */
export function presentSpace(space: SpaceWithRole, actor: Actor): ApiSpace {
  return {
    id: space.id, slug: space.slug, name: space.name, visibility: space.visibility, role: space.role, joinable: space.joinable,
    description: space.description ?? '',
    abilities: spaceAbilities(actor, space),
  }
}
