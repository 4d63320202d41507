import { afterAll, afterEach, describe, expect, it, onTestFailed } from 'vitest'
import { ScaleOutRedisExtension } from '../../server/internals/ScaleOutRedisExtension.ts'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { appendParagraph, connectProvider, docText, waitFor, type TestProvider } from '../support/providers.ts'
import { requirePart } from '../support/requirements.ts'
import { scaleOutRedis } from '../support/scaleOutRedis.ts'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { startTestServer, type TestServer } from '../support/startTestServer.ts'
import { postgresBinaries, startPrivatePostgres, type PrivatePostgres } from './support/privatePostgres.ts'
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/privateRedis.ts'
import { recordFigures } from './support/scenarioFigures.ts'
import { scenarioRandom } from './support/scenarioSeed.ts'
import { createSharedSpace } from './support/sharedSpace.ts'
import { contentOf, countLostEdits } from './support/storedDocument.ts'
import { tokensIn, Typist } from './support/Typist.ts'

const OUTAGE_MS = 10_000
const PAGES = 2
/** Writers per page on each instance. */
const PER_INSTANCE = 2
const FAILURE_LOGS = /unhandled rejection|uncaught exception/iu

// Scale-out needs one Postgres server shared by the instances, and a Redis this test may stop: both its own.
const bin = postgresBinaries()
const runs = requirePart(bin !== null, 'the Postgres server binaries (initdb, pg_ctl)', 'install the postgresql package')
  && requirePart(hasRedisServer(), 'redis-server', 'install the redis-server package')

let postgres: PrivatePostgres | undefined
let redis: PrivateRedis | undefined
const servers: SpawnedServer[] = []
const typists: Typist[] = []

afterAll(async () => {
  for (const t of typists) t.client.destroy()
  for (const s of servers) await s.kill('SIGKILL')
  await redis?.stop()
  postgres?.destroy()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function converged(pageIds: string[]): boolean {
  return pageIds.every((pageId) => {
    const writers = typists.filter((t) => t.pageId === pageId)
    return writers.every((t) => contentOf(t.doc) === contentOf(writers[0].doc))
  })
}

// Two in-process instances over the test database (a Postgres server) and the shared Redis.
const sharedRedis = await scaleOutRedis()
const inProcess: TestServer[] = []
const providers: TestProvider[] = []

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy()
  const [owner, ...others] = inProcess.splice(0)
  for (const server of others) await server.stop()
  await owner?.close()
})

/** The Redis extension of an in-process server. */
function redisExtension(server: TestServer): ScaleOutRedisExtension {
  const found = server.palimpsest.collab.hocuspocus.configuration.extensions.find((e) => e instanceof ScaleOutRedisExtension)
  if (!found) throw new Error('the server runs without the Redis extension')
  return found as ScaleOutRedisExtension
}

describe.skipIf(!sharedRedis)('a dropped Redis subscription', () => {
  it('an instance whose Redis subscription dropped catches up on what it missed once it is back', async () => {
    const first = await startTestServer({ env: { REDIS_URL: sharedRedis! } })
    inProcess.push(first)
    const second = await startTestServer({ env: { REDIS_URL: sharedRedis! }, database: first.database })
    inProcess.push(second)
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

describe.skipIf(!runs)('Redis outage in scale-out mode', { timeout: 180_000 }, () => {
  it('while Redis is down for 10 s both instances stay up, writers on the same instance keep syncing and saving, and when it returns the instances catch up and everything is stored', async () => {
    const random = scenarioRandom('redis-outage')
    onTestFailed(() => servers.forEach((s, i) => console.log(`instance ${i} log (end):\n${s.stderr().slice(-4000)}`)))
    postgres = await startPrivatePostgres(bin!)
    redis = await startPrivateRedis()
    const database = { target: { url: postgres.url }, url: postgres.url, drop: async () => {} }
    for (const name of ['a', 'b']) {
      servers.push(await spawnServer(database, { LOG_LEVEL: 'warn', REDIS_URL: redis.url, INSTANCE_ID: `reliability-${name}`, STORE_DEBOUNCE_MS: '500', STORE_MAX_DEBOUNCE_MS: '2000' }))
    }
    const space = await createSharedSpace(servers[0].url, { editors: 4, pages: PAGES })
    const instanceOf = new Map<Typist, number>()
    for (const pageId of space.pageIds) {
      for (const [i, server] of servers.entries()) {
        for (let k = 0; k < PER_INSTANCE; k++) {
          const typist = await Typist.connect(typists.length, server.wsUrl, pageId, space.tokens[typists.length % 4])
          typists.push(typist)
          instanceOf.set(typist, i)
        }
      }
    }
    const onInstance = (i: number, pageId: string) => typists.filter((t) => t.pageId === pageId && instanceOf.get(t) === i)

    // The instances relay to each other: an edit on A reaches a writer on B.
    const [a1, a2] = onInstance(0, space.pageIds[0])
    const [b1] = onInstance(1, space.pageIds[0])
    const first = a1.typeOne(random)
    await waitFor(() => tokensIn(b1.doc).includes(first), 'an edit on instance A to reach a writer on instance B', 15_000)

    let typing = true
    const typed = (async () => {
      while (typing) {
        for (const typist of typists) if (random.chance(0.1)) typist.typeOne(random)
        await sleep(20)
      }
    })()
    await sleep(2000)

    await redis.stop()
    const outageStarted = Date.now()
    const typedAtOutage = typists.map((t) => t.tokens.length)
    // Writers on the same instance still see each other's edits, and the database still stores them.
    const probe = a1.typeOne(random)
    await waitFor(() => tokensIn(a2.doc).includes(probe), 'an edit to reach a writer on the same instance during the outage', 5000)
    await a1.client.settled(10_000)
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)))
    for (const s of servers) expect(s.child.exitCode).toBeNull()
    // Without Redis, edits still cross slowly: an instance's compaction reads the others' log rows.
    const crossedWithoutRedis = tokensIn(b1.doc).includes(probe)
    const typedInOutage = typists.reduce((n, t, i) => n + t.tokens.length - typedAtOutage[i], 0)

    await redis.start()
    const backAt = Date.now()
    // Recovered: every page is identical on every writer of both instances, everything saved.
    typing = false
    await typed
    await waitFor(() => converged(space.pageIds) && typists.every((t) => t.client.provider.unsyncedChanges === 0), 'both instances to catch up after the outage', 60_000)
    const recoveryMs = Date.now() - backAt

    const expected = new Map(space.pageIds.map((id) => [id, contentOf(typists.find((t) => t.pageId === id)!.doc)]))
    for (const t of typists) t.client.destroy()
    for (const s of servers) expect(await s.kill('SIGTERM')).toBe(0)
    for (const s of servers) expect(s.stderr()).not.toMatch(FAILURE_LOGS)
    const lost = await countLostEdits(database.target, typists, expected, (_page, stored, want) => expect(stored).toBe(want))
    const edits = typists.reduce((n, t) => n + t.tokens.length, 0)
    recordFigures({
      scenario: 'redis-outage',
      title: `2 instances sharing Postgres through Redis, ${typists.length} writers on ${PAGES} pages (half on each instance); Redis killed for ${OUTAGE_MS / 1000} s`,
      seed: random.seed,
      faults: `1 Redis outage of ${Math.round((backAt - outageStarted) / 1000)} s`,
      inputs: `${edits} edits, ${typedInOutage} of them during the outage`,
      editsLost: lost,
      recoveryMs,
      notes: `both instances up throughout (exit 0 on SIGTERM after); writers on one instance kept syncing and saving during the outage; an edit made on one instance at the start of the outage ${crossedWithoutRedis ? 'had reached' : 'had not reached'} the other instance by its end (compaction reads every instance's log rows); no unhandled rejection or uncaught exception logged`,
    })
    expect(lost).toBe(0)
  })
})
