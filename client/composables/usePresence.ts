import type { HocuspocusProvider } from '@hocuspocus/provider'
import { onScopeDispose, shallowRef } from 'vue'
import type { ApiUser as User } from '../../shared/apiTypes.ts'

/**
 * Presence colours: mid-tone, readable as a caret and as a label with white text in both
 * themes. Selections are tinted with a class per colour (`presence-color-N`) so no inline
 * style attribute is ever needed.
 */
export const PRESENCE_COLORS = ['#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#1d4ed8', '#a16207', '#be185d', '#15803d'] as const

/** The awareness `user` field every client publishes (name and colour; id when signed in). */
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

/** A stable palette colour for a key such as a user id. */
export function colorFor(key: string): string {
  let hash = 0
  for (const char of key) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) | 0
  return PRESENCE_COLORS[Math.abs(hash) % PRESENCE_COLORS.length]
}

/** The palette index of a colour, or -1 for a colour from elsewhere. */
export function colorIndex(color: unknown): number {
  return PRESENCE_COLORS.indexOf(String(color).toLowerCase() as (typeof PRESENCE_COLORS)[number])
}

const readerColor = PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]

/** How `user` appears to others: their username, or "Reader" when signed out. */
export function presenceUserFor(user: User | null): PresenceUser {
  if (!user) return { name: 'Reader', color: readerColor }
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
