/**
 * Presence colours: mid-tone, readable as a caret and as a label with white text in both
 * themes. The client tints with a class per colour (`presence-color-N`), so no inline style
 * attribute is ever needed; the server stamps one of these on every awareness state.
 */
export const PRESENCE_COLORS = ['#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#1d4ed8', '#a16207', '#be185d', '#15803d'] as const

/** A stable palette colour for a key such as a user id: the same on the server and in every browser. */
export function colorFor(key: string): string {
  let hash = 0
  for (const char of key) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) | 0
  return PRESENCE_COLORS[Math.abs(hash) % PRESENCE_COLORS.length]
}

/** An anonymous reader's colour: one per connection's client id, the same the server stamps. */
export function readerColorFor(clientId: number): string {
  return colorFor(`reader:${clientId}`)
}
