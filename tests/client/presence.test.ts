import { describe, expect, it } from 'vitest'
import { colorFor, colorIndex, initialsOf, peopleFromStates, presenceUserFor, PRESENCE_COLORS } from '../../client/composables/usePresence.ts'
import { readerColorFor } from '../../shared/presenceColor.ts'
import { collabSocketUrl } from '../../client/composables/useCollabSocket.ts'

describe('presence', () => {
  it('names signed-in people by username and signed-out readers "Reader", in palette colours', () => {
    const ann = presenceUserFor({ id: 'u1', username: 'ann' }, 7)
    expect(ann).toEqual({ name: 'ann', color: colorFor('u1'), id: 'u1' })
    expect(presenceUserFor(null, 7).name).toBe('Reader')
    expect(colorIndex(presenceUserFor(null, 7).color)).toBeGreaterThanOrEqual(0)
    expect(PRESENCE_COLORS).toContain(colorFor('anyone'))
  })

  it('gives a signed-out reader the colour the server stamps for their client id, the same every time', () => {
    for (const clientId of [1, 42, 3_687_015_432]) {
      expect(presenceUserFor(null, clientId).color).toBe(readerColorFor(clientId))
      expect(presenceUserFor(null, clientId).color).toBe(presenceUserFor(null, clientId).color)
    }
  })

  it('lists yourself first and each signed-in person once however many tabs they have', () => {
    const states = new Map<number, Record<string, unknown>>([
      [10, { user: { name: 'bob', color: '#0f766e', id: 'b' } }],
      [11, { user: { name: 'bob', color: '#0f766e', id: 'b' } }],
      [12, { user: { name: 'Reader', color: '#1d4ed8' } }],
      [13, { user: { name: 'Reader', color: '#c2410c' } }],
      [14, {}],
      [20, { user: { name: 'ann', color: '#7c3aed', id: 'a' } }],
    ])
    const people = peopleFromStates(states, 20)
    expect(people.map((person) => [person.name, person.isSelf])).toEqual([
      ['ann', true], ['bob', false], ['Reader', false], ['Reader', false],
    ])
  })

  it('makes avatar initials from names', () => {
    expect(initialsOf('ann')).toBe('A')
    expect(initialsOf('lyudmila.syomina')).toBe('LS')
    expect(initialsOf('Юрий')).toBe('Ю')
    expect(initialsOf('Reader')).toBe('R')
  })

  it('opens the collaboration socket on the same origin, wss behind https', () => {
    expect(collabSocketUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/collab')
    expect(collabSocketUrl({ protocol: 'https:', host: 'wiki.example' })).toBe('wss://wiki.example/collab')
  })
})
