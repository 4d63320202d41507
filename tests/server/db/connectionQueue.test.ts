import { describe, expect, it } from 'vitest'
import { ConnectionQueue } from '../../../server/core/db/ConnectionQueue.ts'

/** A job that records when it starts and finishes once `release` is called. */
function job(order: string[], name: string) {
  let release!: () => void
  const finished = new Promise<void>((resolve) => { release = resolve })
  return { run: async () => { order.push(name); await finished; return name }, release }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('who gets the one connection next', () => {
  it('runs one job at a time, single statements before transactions still waiting', async () => {
    const queue = new ConnectionQueue()
    const order: string[] = []
    const open = job(order, 'transaction A')
    const a = queue.transaction(open.run)
    const b = queue.transaction(async () => { order.push('transaction B'); return 'B' })
    const c = queue.statement(async () => { order.push('statement C'); return 'C' })
    await tick()
    expect(order).toEqual(['transaction A'])
    open.release()
    expect(await Promise.all([a, b, c])).toEqual(['transaction A', 'B', 'C'])
    expect(order).toEqual(['transaction A', 'statement C', 'transaction B'])
  })

  it('lets a waiting transaction in after eight statements went ahead of it', async () => {
    const queue = new ConnectionQueue()
    const order: string[] = []
    const open = job(order, 'open')
    const done: Promise<unknown>[] = [queue.transaction(open.run)]
    done.push(queue.transaction(async () => { order.push('waiting transaction') }))
    for (let i = 1; i <= 10; i++) done.push(queue.statement(async () => { order.push(`statement ${i}`) }))
    open.release()
    await Promise.all(done)
    expect(order).toEqual([
      'open', ...Array.from({ length: 8 }, (_, i) => `statement ${i + 1}`), 'waiting transaction', 'statement 9', 'statement 10',
    ])
  })

  it('passes a job’s failure to its caller and goes on with the next', async () => {
    const queue = new ConnectionQueue()
    const failed = queue.statement(async () => { throw new Error('refused') })
    const next = queue.transaction(async () => 'ran')
    await expect(failed).rejects.toThrow('refused')
    expect(await next).toBe('ran')
  })
})
