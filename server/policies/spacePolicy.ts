import type { Role, Visibility } from '../../shared/apiTypes.ts'
import type { Actor } from '../accounts/Actor.ts'

/** What an actor may do in a space, derived from its visibility and their role. */
export interface SpaceAbilities {
  read: boolean
  edit: boolean
  manage: boolean
  /** A signed-in non-member of a public space may join it as an editor. */
  join: boolean
}

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 }

/**
 * The one place that decides access to a space and everything in it (pages, history,
 * links, search). Every door — API route, websocket, search, backlinks — asks this.
 */
export function spaceAbilities(actor: Actor, space: { visibility: Visibility; role: Role | null }): SpaceAbilities {
  const rank = space.role ? RANK[space.role] : 0
  return {
    read: space.visibility === 'public' || rank >= RANK.viewer,
    edit: actor.userId !== null && rank >= RANK.editor,
    manage: actor.userId !== null && rank >= RANK.owner,
    join: actor.userId !== null && space.visibility === 'public' && rank === 0,
  }
}
