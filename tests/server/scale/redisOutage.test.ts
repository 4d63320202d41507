import { afterEach, describe, expect, it } from 'vitest'
import { ScaleOutRedisExtension } from '../../../server/scale/ScaleOutRedisExtension.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../../support/providers.ts'
import { redisUrl, requirePart } from '../../support/requirements.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { onPostgres } from '../../support/testDatabase.ts'

const redis = requirePart(onPostgres, 'a Postgres server', 'set TEST_DATABASE_URL=postgres://…') ? await redisUrl() : null

const servers: TestServer[] = []
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  const [owner, ...others] = servers.splice(0)
  for (const server of others) await server.stop()
  await owner?.close()
})

/** The Redis extension of an in-process server. */
function redisExtension(server: TestServer): ScaleOutRedisExtension {
  const found = server.palimpsest.collab.hocuspocus.configuration.extensions.find((e) => e instanceof ScaleOutRedisExtension)
  if (!found) throw new Error('the server runs without the Redis extension')
  return found as ScaleOutRedisExtension
}

describe.skipIf(!redis)('a Redis outage', () => {
  it('an instance whose Redis subscription dropped catches up on what it missed once it is back', async () => {
    const first = await startTestServer({ env: { REDIS_URL: redis! } })
    servers.push(first)
    const second = await startTestServer({ env: { REDIS_URL: redis! }, database: first.database })
    servers.push(second)
    const owner = await signUpUser(first.url, 'owner')
    const { pageId } = await createSpaceWithPage(first.url, owner.token)
    const here = await connectProvider(first.wsUrl, pageId, { token: owner.token })
    const there = await connectProvider(second.wsUrl, pageId, { token: owner.token })
    providers.push(here, there)
    appendParagraph(there.doc, 'before the outage')
    await waitFor(() => docText(here.doc) === 'before the outage', 'the first edit to cross over')

    // Redis drops the first instance's subscriber; an edit on the second is published meanwhile.
    const extension = redisExtension(first)
    const clients = String(await extension.pub.client('LIST')).split('\n')
    const subscriber = clients.find((line) => line.includes(`name=palimpsest:${first.palimpsest.services.config.instanceId} `) && / sub=[1-9]/u.test(line))
    expect(subscriber).toBeDefined()
    await extension.pub.client('KILL', 'ID', /\bid=(\d+)/u.exec(subscriber!)![1])
    appendParagraph(there.doc, 'during the outage')
    await there.settled()

    // No later edit: only the re-sync after reconnecting can bring it over.
    await waitFor(() => docText(here.doc).includes('during the outage'), 'the first instance to catch up after reconnecting')
    expect(docText(here.doc)).toBe(docText(there.doc))
  })
})
