import { describe, expect, it } from 'vitest'
import type { Role, Visibility } from '../../../shared/apiTypes.ts'
import { ANONYMOUS } from '../../../server/core/Actor.ts'
import { spaceAbilities } from '../../../server/policies/spacePolicy.ts'

const member = { userId: 'u1', username: 'ann' }

/** read, edit, manage, seeMembers, join of one caller. */
function abilities(actor: typeof member | typeof ANONYMOUS, visibility: Visibility, role: Role | null, joinable = false): boolean[] {
  const a = spaceAbilities(actor, { visibility, role, joinable })
  return [a.read, a.edit, a.manage, a.seeMembers, a.join]
}

describe('the space policy', () => {
  it('gives each role what it may do, in public and private spaces alike', () => {
    for (const visibility of ['public', 'private'] as const) {
      expect(abilities(member, visibility, 'viewer')).toEqual([true, false, false, true, false])
      expect(abilities(member, visibility, 'editor')).toEqual([true, true, false, true, false])
      expect(abilities(member, visibility, 'owner')).toEqual([true, true, true, true, false])
    }
  })

  it('lets strangers read only public spaces, and join only public joinable ones when signed in', () => {
    expect(abilities(member, 'public', null)).toEqual([true, false, false, false, false])
    expect(abilities(member, 'public', null, true)).toEqual([true, false, false, false, true])
    expect(abilities(member, 'private', null, true)).toEqual([false, false, false, false, false])
    expect(abilities(ANONYMOUS, 'public', null, true)).toEqual([true, false, false, false, false])
    expect(abilities(ANONYMOUS, 'private', null)).toEqual([false, false, false, false, false])
  })

  it('never lets a role on an anonymous actor count', () => {
    expect(abilities(ANONYMOUS, 'private', 'owner')).toEqual([false, false, false, false, false])
  })
})
