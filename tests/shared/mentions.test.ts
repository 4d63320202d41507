import { describe, expect, it } from 'vitest'
import { findMentions } from '../../shared/mentions.ts'

describe('findMentions', () => {
  it('finds each @name once, leaving out e-mail addresses and a full stop after the name', () => {
    expect(findMentions('Ask @ann_k. And @Boris, and @ann_k again; mail ann@example.org')).toEqual(['ann_k', 'Boris'])
  })

  it('reads names in any script, and not a lone @ or one too short', () => {
    expect(findMentions('@Люда пишет, @ab и @ нет')).toEqual(['Люда'])
  })
})
