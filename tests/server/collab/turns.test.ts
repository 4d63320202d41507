import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Turns } from '../../../server/collab/Turns.ts'

// Timers and the clock are Vitest's: each piece of work "takes" its milliseconds exactly.
beforeEach(() => { vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }) })
afterEach(() => { vi.useRealTimers() })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs pieces of work of `ms` each through `turns`, all asked for at once; resolves to when each started. */
async function startTimes(turns: Turns, count: number, ms: number): Promise<number[]> {
  const origin = performance.now()
  const started: number[] = []
  const all = Promise.all(Array.from({ length: count }, () => turns.run(async () => {
    started.push(performance.now() - origin)
    await sleep(ms)
  })))
  await vi.runAllTimersAsync()
  await all
  return started
}

describe('background work taking turns', () => {
  it('runs at most the limit at once, the rest first come first served', async () => {
    expect(await startTimes(new Turns(2), 5, 10)).toEqual([0, 0, 10, 10, 20])
  })

  it('with a rest, hands a turn on only after a pause as long as the work took, times the rest', async () => {
    expect(await startTimes(new Turns(1, undefined, { rest: 1 }), 3, 60)).toEqual([0, 120, 240])
    expect(await startTimes(new Turns(2, undefined, { rest: 0.5 }), 4, 40)).toEqual([0, 0, 60, 60])
  })

  it('does not rest when nobody waits: work asked for later starts at once', async () => {
    const turns = new Turns(1, undefined, { rest: 10 })
    expect(await startTimes(turns, 1, 30)).toEqual([0])
    expect(await startTimes(turns, 1, 30)).toEqual([0])
  })
})
