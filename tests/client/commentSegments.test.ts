import { describe, expect, it } from 'vitest'
import { commentSegments } from '../../client/commentSegments.ts'

describe('commentSegments', () => {
  it('makes mentions, wiki links and web links live and leaves the rest as typed', () => {
    expect(commentSegments('@ann see [[Novocherkassk massacre|the article]] and https://example.org/a?b=1.')).toEqual([
      { kind: 'mention', text: '@ann' },
      { kind: 'text', text: ' see ' },
      { kind: 'wiki', title: 'Novocherkassk massacre', text: 'the article' },
      { kind: 'text', text: ' and ' },
      { kind: 'web', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '.' },
    ])
  })

  it('never turns markup or a script link into anything but text', () => {
    expect(commentSegments('<b>x</b> javascript:alert(1)')).toEqual([{ kind: 'text', text: '<b>x</b> javascript:alert(1)' }])
  })
})
