import type { ApiUser } from '../../shared/apiTypes.ts'

/** Hues far apart on the colour wheel, for up to ten authors before they repeat. */
const HUES = [212, 28, 140, 282, 352, 186, 48, 318, 98, 248]

/** The colour of each author in a history view, as a hue (the CSS picks light or dark shades). */
export interface AuthorColors {
  hue(userId: string | null | undefined): number | null
  /** The authors in the order their colours were given. */
  authors: ApiUser[]
}

/**
 * Gives every author of a page a colour, in the order they first wrote (oldest revision
 * first), so a person keeps one colour across the timeline, the diff, blame and replay.
 */
export function authorColors(authorsOldestFirst: ApiUser[][]): AuthorColors {
  const order = new Map<string, number>()
  const authors: ApiUser[] = []
  for (const list of authorsOldestFirst) {
    for (const user of list) {
      if (order.has(user.id)) continue
      order.set(user.id, order.size)
      authors.push(user)
    }
  }
  return {
    authors,
    hue(userId) {
      if (!userId) return null
      if (!order.has(userId)) order.set(userId, order.size)
      return HUES[order.get(userId)! % HUES.length]
    },
  }
}
