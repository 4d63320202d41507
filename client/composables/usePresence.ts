import type { HocuspocusProvider } from '@hocuspocus/provider'
import { onScopeDispose, shallowRef } from 'vue'
import type { ApiUser as User } from '../../shared/apiTypes.ts'
import { colorFor, PRESENCE_COLORS, readerColorFor } from '../../shared/presenceColor.ts'

export { colorFor, PRESENCE_COLORS } from '../../shared/presenceColor.ts'

/**
 * The awareness `user` field (name and colour; id when signed in). Each client publishes its
 * own, but the server replaces it with the authenticated user's before anyone else sees it.
 */
export interface PresenceUser {
  name: string
  color: string
  id?: string
}

/** One person shown as present on a page. */
export interface PresentPerson extends PresenceUser {
  clientId: number
  isSelf: boolean
}

/** The palette index of a colour, or -1 for a colour from elsewhere. */
export function colorIndex(color: unknown): number {
  return PRESENCE_COLORS.indexOf(String(color).toLowerCase() as (typeof PRESENCE_COLORS)[number])
}

/**
 * How `user` appears to others: their username, or "Reader" when signed out — in the colour
 * the server stamps for the connection's awareness client id, so it never changes under them.
 */
export function presenceUserFor(user: User | null, clientId: number): PresenceUser {
  if (!user) return { name: 'Reader', color: readerColorFor(clientId) }
  return { name: user.username, color: colorFor(user.id), id: user.id }
}

/** An avatar's letters: the initials of the first two words, or the first letter of one. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean)
  const letters = words.length > 1 ? [[...words[0]][0], [...words[1]][0]] : [[...(words[0] ?? '?')][0]]
  return letters.join('').toUpperCase()
}

/**
 * People present according to awareness states: yourself first, then others in the order they
 * arrived. A signed-in user with several tabs open is shown once.
 */
export function peopleFromStates(states: Map<number, Record<string, unknown>>, selfClientId: number): PresentPerson[] {
  const people: PresentPerson[] = []
  const seenUsers = new Set<string>()
  const entries = [...states.entries()].sort(([a], [b]) => (a === selfClientId ? -1 : b === selfClientId ? 1 : 0))
  for (const [clientId, state] of entries) {
    const user = state?.user as Partial<PresenceUser> | undefined
    if (!user || typeof user.name !== 'string') continue
    const isSelf = clientId === selfClientId
    if (user.id) {
      if (seenUsers.has(user.id)) continue
      seenUsers.add(user.id)
    }
    people.push({ clientId, isSelf, name: user.name.slice(0, 60), color: String(user.color ?? ''), id: user.id })
  }
  return people
}

/** The reactive list of people on the page, from the provider's awareness. */
export function usePresence(provider: HocuspocusProvider) {
  const people = shallowRef<PresentPerson[]>([])
  const update = () => {
    const awareness = provider.awareness
    people.value = awareness ? peopleFromStates(awareness.getStates() as Map<number, Record<string, unknown>>, provider.document.clientID) : []
  }
  provider.on('awarenessChange', update)
  update()
  onScopeDispose(() => provider.off('awarenessChange', update))
  return { people }
}
