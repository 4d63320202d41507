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

  it('makes its own rebuilds one at a time, each page once however often it came due', async () => {
    let running = 0
    let most = 0
    const order: string[] = []
    const slow = new SearchRebuildPacer(async (pageId) => {
      running += 1
      most = Math.max(most, running)
      order.push(pageId)
      await new Promise((resolve) => setTimeout(resolve, 5000))
      running -= 1
    }, 3000)
    for (const pageId of ['a', 'b', 'c']) {
      expect(slow.claim(pageId)).toBe(true)
      expect(slow.claim(pageId)).toBe(false)
    }
    await vi.advanceTimersByTimeAsync(3000)
    // All three came due together; 'a' is being rebuilt, and its next interval ends meanwhile.
    expect(slow.claim('a')).toBe(false)
    await vi.advanceTimersByTimeAsync(3000)
    expect(order).toEqual(['a'])
    await vi.advanceTimersByTimeAsync(30_000)
    expect(order).toEqual(['a', 'b', 'c', 'a'])
    expect(most).toBe(1)
  })
})
