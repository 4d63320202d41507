// Memory of a server under the socket attacks the limits are for: prints a Markdown table.
// Run: node --expose-gc tests/reliability/socketAttacks.ts (TEST_DATABASE_URL for Postgres).
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { appendParagraph, connectProvider } from '../support/providers.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { awarenessFrame, CollabWire } from '../server/collab/CollabWire.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
function heap(): number {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}

const server = await startTestServer({ env: { COLLAB_DOCUMENTS_PER_CONNECTION: '1000' } })
const { hocuspocus } = server.palimpsest.collab
const owner = await signUpUser(server.url, 'owner')
const { pageId } = await createSpaceWithPage(server.url, owner.token, { visibility: 'public' })
const writer = await connectProvider(server.wsUrl, pageId, { token: owner.token })
for (let i = 0; i < 300; i++) appendParagraph(writer.doc, `Paragraph ${i}: ${'The strike committee met at the factory gates. '.repeat(8)}`)
await writer.settled(60_000)

const rows: string[][] = []
const measure = async (attack: string, run: () => Promise<string>) => {
  const before = heap()
  const outcome = await run()
  const after = heap()
  rows.push([attack, mb(before), mb(after), mb(after - before), String(hocuspocus.getDocumentsCount()), outcome])
}

await measure('300 upper/lower-case spellings of one page id, one anonymous socket', async () => {
  const wire = new CollabWire(server.wsUrl)
  await wire.opened
  const letters = [...pageId].flatMap((ch, i) => (/[a-f]/u.test(ch) ? [i] : []))
  let sent = 0
  for (let mask = 1; sent < 300 && mask < 2 ** letters.length; mask++) {
    const chars = [...pageId]
    letters.forEach((at, bit) => { if (mask & (1 << bit)) chars[at] = chars[at].toUpperCase() })
    wire.authenticate(chars.join(''))
    sent += 1
    if (sent % 50 === 0) await wire.answered(sent)
  }
  await wire.answered(sent)
  const refused = [...wire.answers.values()].filter((a) => a !== 'authenticated').length
  wire.close()
  return `${refused} of ${sent} refused (${[...new Set(wire.answers.values())].join(', ')})`
})

await measure('20,000 awareness messages as fast as one socket can send', async () => {
  const wire = new CollabWire(server.wsUrl)
  wire.open(pageId)
  await wire.answered(1)
  for (let clock = 1; clock <= 20_000; clock++) wire.send(awarenessFrame(pageId, 777, clock))
  const closed = await wire.closing(60_000)
  return `closed ${closed.code} ${closed.reason}`
})

writer.destroy()
await server.close()
console.log('| attack | heap before | heap after | growth | documents loaded | outcome |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
process.exit(0)
