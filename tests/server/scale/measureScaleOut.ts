// `node tests/server/scale/measureScaleOut.ts`: what the Redis hop costs. Three instances over
// one Postgres (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL or 127.0.0.1:6379); one writer
// appends a paragraph every 50 ms for 20 s; readers on its own instance and on the two others
// record when each paragraph arrives. Prints one Markdown table (milliseconds).
import { summarize, type Summary } from '../../bench/latencyStats.ts'
import { createSpaceWithPage, signUpUser } from '../../support/api.ts'
import { appendParagraph, connectProvider, type TestProvider } from '../../support/providers.ts'
import { startCluster } from './startCluster.ts'

const EDITS = 400
const INTERVAL_MS = 50

if (!process.env.TEST_DATABASE_URL) throw new Error('set TEST_DATABASE_URL to a Postgres server')
const cluster = await startCluster(3, process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')
const providers: TestProvider[] = []
try {
  const owner = await signUpUser(cluster.instances[0].url, 'bench')
  const { pageId } = await createSpaceWithPage(cluster.instances[0].url, owner.token)
  const connect = async (i: number) => {
    const p = await connectProvider(cluster.instances[i].wsUrl, pageId, { token: owner.token })
    providers.push(p)
    return p
  }
  const writer = await connect(0)
  const readers = { 'same instance': await connect(0), 'other instance (1)': await connect(1), 'other instance (2)': await connect(2) }

  const sentAt: number[] = []
  const arrivals = new Map<string, number[]>()
  for (const [name, reader] of Object.entries(readers)) {
    const times: number[] = []
    arrivals.set(name, times)
    const fragment = reader.doc.getXmlFragment('default')
    reader.doc.on('update', () => {
      const now = performance.now()
      for (let i = times.length; i < fragment.length; i++) times.push(now)
    })
  }
  const ackTimes: number[] = []
  let acked = 0
  let previous = 0
  writer.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    const now = performance.now()
    if (number < previous) for (let k = 0; k < previous - number; k++) ackTimes[acked++] = now
    previous = number
  })
  const start = performance.now()
  for (let i = 0; i < EDITS; i++) {
    while (performance.now() < start + i * INTERVAL_MS) await new Promise((r) => setTimeout(r, 1))
    sentAt.push(performance.now())
    appendParagraph(writer.doc, `edit ${i}`)
  }
  await writer.settled(30_000)
  for (const reader of Object.values(readers)) {
    while (reader.doc.getXmlFragment('default').length < EDITS) await new Promise((r) => setTimeout(r, 20))
  }

  const row = (what: string, s: Summary) => `| ${what} | ${s.count} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`
  const lines = [
    `Three instances, one writer, ${EDITS} paragraphs at ${1000 / INTERVAL_MS}/s (ms)`,
    '',
    '| from the edit to | n | p50 | p95 | p99 | max |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...arrivals].map(([name, times]) => row(`a reader on the ${name}`, summarize(times.slice(0, EDITS).map((t, i) => t - sentAt[i])))),
    row('the writer\'s acknowledgement (in Postgres)', summarize(ackTimes.slice(0, EDITS).map((t, i) => t - sentAt[i]))),
  ]
  console.log(lines.join('\n'))
} finally {
  for (const p of providers) p.destroy()
  await cluster.close()
}
