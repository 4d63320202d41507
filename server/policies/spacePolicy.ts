import type { ApiSpaceAbilities, Role, Visibility } from '../../shared/apiTypes.ts'
import type { Actor } from '../core/Actor.ts'

/**
 * What an actor may do in a space, derived from its visibility, its openness and their role
 * (seeing members is for members only, even in a public space). The API sends it as is.
 */
export type SpaceAbilities = ApiSpaceAbilities

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 }

/**
 * The one place that decides access to a space and everything in it (pages, history,
 * links, search). Every door — API route, websocket, search, backlinks — asks this.
 */
export function spaceAbilities(
  actor: Actor,
  space: { visibility: Visibility; role: Role | null; joinable?: boolean },
): SpaceAbilities {
  const signedIn = actor.userId !== null
  const rank = signedIn && space.role ? RANK[space.role] : 0
  return {
    read: space.visibility === 'public' || rank >= RANK.viewer,
    edit: rank >= RANK.editor,
    manage: rank >= RANK.owner,
    seeMembers: rank >= RANK.viewer,
    comment: rank >= RANK.viewer,
    join: signedIn && rank === 0 && space.visibility === 'public' && space.joinable === true,
  }
}
