import { randomBytes } from 'node:crypto'
import { Server, type Extension, type onStoreDocumentPayload } from '@hocuspocus/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../../../server/core/logger.ts'
import { ScaleOutRedisExtension } from '../../../server/internals/ScaleOutRedisExtension.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { redisUrl } from '../../support/requirements.ts'

// Contract of our subclass of @hocuspocus/extension-redis with the pinned version: its
// constructor options, its `pub`/`sub` clients and `instance`, the `onChange` it calls with a
// payload of our own making, and the Redlock it switches off. Two bare Hocuspocus servers
// (no database) joined through a real Redis.

const redis = await redisUrl()

/** Records the stores that reach it; while `hold` is set, a store waits for it. */
class StoreProbe implements Extension {
  extensionName = 'StoreProbe'
  priority = 1
  stores: string[] = []
  hold: Promise<void> | null = null
  async onStoreDocument({ documentName }: onStoreDocumentPayload): Promise<void> {
    this.stores.push(documentName)
    await this.hold
  }
}

interface Instance { server: Server; redis: ScaleOutRedisExtension; probe: StoreProbe; wsUrl: string }

const instances: Instance[] = []
const providers: TestProvider[] = []

async function startInstance(name: string): Promise<Instance> {
  const extension = new ScaleOutRedisExtension({ url: redis!, instanceId: `${name}-${randomBytes(4).toString('hex')}`, logger: createLogger('silent') })
  const probe = new StoreProbe()
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, debounce: 20, maxDebounce: 50, extensions: [extension, probe] })
  await server.listen()
  const instance = { server, redis: extension, probe, wsUrl: `ws://127.0.0.1:${server.address.port}` }
  instances.push(instance)
  return instance
}

describe.skipIf(!redis)('the Redis extension we subclass', () => {
  let a: Instance
  let b: Instance
  const page = () => `contract-${randomBytes(6).toString('hex')}`

  beforeAll(async () => {
    a = await startInstance('a')
    b = await startInstance('b')
  })

  afterAll(async () => {
    for (const p of providers) p.destroy()
    for (const { probe } of instances) probe.hold = null
    for (const { server } of instances) await server.destroy()
  })

  it('relays an edit made on one instance to a reader on the other', async () => {
    const name = page()
    const writer = await connectProvider(a.wsUrl, name)
    const reader = await connectProvider(b.wsUrl, name)
    providers.push(writer, reader)
    appendParagraph(writer.doc, 'through Redis')
    await waitFor(() => docText(reader.doc) === 'through Redis', 'the reader on the other instance to see the edit')
  })

  it('lets an instance store a page while another instance is storing it (no Redlock)', async () => {
    const name = page()
    const onA = await connectProvider(a.wsUrl, name)
    const onB = await connectProvider(b.wsUrl, name)
    providers.push(onA, onB)
    let release = () => {}
    a.probe.hold = new Promise<void>((resolve) => { release = resolve })
    appendParagraph(onA.doc, 'stored on a')
    await waitFor(() => a.probe.stores.includes(name), 'instance a to start storing')
    // With the stock extension, b's store would now be skipped: a holds the page's lock.
    appendParagraph(onB.doc, 'stored on b')
    await waitFor(() => b.probe.stores.includes(name), 'instance b to store while a is storing')
    release()
    a.probe.hold = null
  })

  it('after an outage, re-announcing loaded documents brings back what an instance missed', async () => {
    const name = page()
    const writer = await connectProvider(a.wsUrl, name)
    const reader = await connectProvider(b.wsUrl, name)
    providers.push(writer, reader)
    appendParagraph(writer.doc, 'seen by both')
    await waitFor(() => docText(reader.doc) === 'seen by both', 'the first edit to reach b')

    // An edit instance a takes as come from Redis is not published again: b misses it, as it
    // would miss what was published while its subscription was down.
    const missed = new Y.Doc()
    Y.applyUpdate(missed, Y.encodeStateAsUpdate(writer.doc))
    appendParagraph(missed, 'missed by b')
    const documentOnA = a.server.hocuspocus.documents.get(name)!
    Y.applyUpdate(documentOnA, Y.encodeStateAsUpdate(missed, Y.encodeStateVector(documentOnA)), { source: 'redis' })
    expect(docText(b.server.hocuspocus.documents.get(name)!)).toBe('seen by both')

    await b.redis.resyncAfterOutage()
    await waitFor(() => docText(reader.doc) === 'seen by both\nmissed by b', 'b to catch up after re-announcing')
  })
})
