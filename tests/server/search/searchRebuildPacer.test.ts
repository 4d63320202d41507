import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SearchRebuildPacer } from '../../../server/search/SearchRebuildPacer.ts'

// The pacer alone, on Vitest's fake clock: which claims an index run may make, and which
// rebuilds the pacer makes itself at the end of an interval or when it stops.
describe('SearchRebuildPacer', () => {
  let rebuilt: string[]
  let pacer: SearchRebuildPacer

  beforeEach(() => {
    vi.useFakeTimers()
    rebuilt = []
    pacer = new SearchRebuildPacer(async (pageId) => { rebuilt.push(pageId) }, 3000)
  })
  afterEach(() => vi.useRealTimers())

  it('lets the first run rebuild at once, and folds the runs of the next interval into one rebuild at its end', async () => {
    expect(pacer.claim('a')).toBe(true)
    await vi.advanceTimersByTimeAsync(1000)
    expect(pacer.claim('a')).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(pacer.claim('a')).toBe(false)
    expect(rebuilt).toEqual([])
    await vi.advanceTimersByTimeAsync(1000)
    expect(rebuilt).toEqual(['a'])
    // That rebuild started the next interval: a run within it waits for its end too.
    expect(pacer.claim('a')).toBe(false)
    await vi.advanceTimersByTimeAsync(3000)
    expect(rebuilt).toEqual(['a', 'a'])
    // An interval nobody asked in ends with no rebuild; the page is then free again.
    await vi.advanceTimersByTimeAsync(3000)
    expect(rebuilt).toEqual(['a', 'a'])
    expect(pacer.claim('a')).toBe(true)
  })

  it('paces each page on its own', async () => {
    expect(pacer.claim('a')).toBe(true)
    expect(pacer.claim('b')).toBe(true)
    expect(pacer.claim('b')).toBe(false)
    await vi.advanceTimersByTimeAsync(3000)
    expect(rebuilt).toEqual(['b'])
  })

  it('rebuilds what waits when it stops, and afterwards lets every run rebuild', async () => {
    expect(pacer.claim('a')).toBe(true)
    expect(pacer.claim('a')).toBe(false)
    expect(pacer.claim('b')).toBe(true)
    await pacer.stop()
    expect(rebuilt).toEqual(['a'])
    expect(pacer.claim('a')).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(rebuilt).toEqual(['a'])
  })
})
