// `node tests/bench/uploadBench.ts [--rounds 5]` (TEST_DATABASE_URL set = a Postgres server, else
// PGlite): what a 5 MiB image costs from the writer's upload to its display on a peer's page,
// on a real server with real providers. Each round: upload a fresh 5 MiB photograph-like PNG
// (content-addressed storage would make a repeated one free), the writer's provider inserts
// the image block, the peer's provider receives it, the peer fetches the rendition a browser
// shows (`?w=` at text width, WebP). Beside it, the same path for a 5 MiB PDF: stored as it
// is, no decoding or re-encoding — the reference for what image processing adds. Prints a
// Markdown table; this is a benchmark, not a test.
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import * as Y from 'yjs'
import { createSpaceWithPage, signUpUser } from '../support/api.ts'
import { fetchAttachment, minimalPdf, uploadFile } from '../support/attachmentFiles.ts'
import { connectProvider, waitFor } from '../support/providers.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { summarize, type Summary } from './latencyStats.ts'

const at = process.argv.indexOf('--rounds')
const ROUNDS = at >= 0 ? Number(process.argv[at + 1]) : 5
const MIB = 1024 * 1024

const log = (message: string) => process.stderr.write(`[upload bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))

/** A PNG of about 5 MiB: noise does not compress, so its size follows its pixel count. */
async function fiveMibPng(): Promise<Buffer> {
  const width = 1400
  const height = 1250
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer()
}

/** A valid PDF padded to 5 MiB with a comment of random text. */
function fiveMibPdf(): Buffer {
  const head = minimalPdf()
  const padding = Buffer.from(`% ${randomBytes(5 * MIB / 2).toString('hex')}\n`)
  return Buffer.concat([head, padding]).subarray(0, 5 * MIB)
}

interface Phases { upload: number[]; relay: number[]; display: number[]; total: number[]; bytes: number[] }

const server = await startTestServer()
try {
  const ann = await signUpUser(server.url, 'ann')
  const { pageId } = await createSpaceWithPage(server.url, ann.token, { title: 'Photographs' })
  const writer = await connectProvider(server.wsUrl, pageId, { token: ann.token })
  const peer = await connectProvider(server.wsUrl, pageId, { token: ann.token })
  const runs: Record<'image' | 'file', Phases> = {
    image: { upload: [], relay: [], display: [], total: [], bytes: [] },
    file: { upload: [], relay: [], display: [], total: [], bytes: [] },
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['image', 'file'] as const) {
      const bytes = kind === 'image' ? await fiveMibPng() : fiveMibPdf()
      const start = performance.now()
      const uploaded = await uploadFile(server.url, pageId, bytes, kind === 'image' ? `square-${round}.png` : `leaflet-${round}.pdf`, { token: ann.token })
      if (uploaded.status !== 201) throw new Error(`upload answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`)
      const stored = performance.now()
      const url = (uploaded.body as { url: string }).url
      const block = new Y.XmlElement<Record<string, string | number>>(kind === 'image' ? 'image' : 'fileAttachment')
      block.setAttribute('src', url)
      if (kind === 'image') block.setAttribute('alt', `Photograph ${round}`)
      else {
        block.setAttribute('name', `leaflet-${round}.pdf`)
        block.setAttribute('size', bytes.length)
        block.setAttribute('contentType', 'application/pdf')
      }
      writer.doc.getXmlFragment('default').push([block as unknown as Y.XmlElement])
      const arrived = () => peer.doc.getXmlFragment('default').toString().includes(url)
      await waitFor(arrived, 'the block to reach the peer', 30_000)
      const relayed = performance.now()
      const shown = await fetchAttachment(server.url, kind === 'image' ? `${url}?w=800` : url, { token: ann.token, accept: 'image/webp,*/*' })
      if (shown.status !== 200) throw new Error(`the peer's fetch answered ${shown.status}`)
      const done = performance.now()
      const phases = runs[kind]
      phases.upload.push(stored - start)
      phases.relay.push(relayed - stored)
      phases.display.push(done - relayed)
      phases.total.push(done - start)
      phases.bytes.push(shown.bytes.length)
      log(`${kind} ${round + 1}/${ROUNDS}: ${ms(done - start)} ms`)
    }
  }
  await writer.settled()
  writer.destroy()
  peer.destroy()

  const cell = (s: Summary) => `${ms(s.p50)} / ${ms(s.max)}`
  console.log(`\n5 MiB upload to first display on a peer's page, ${ROUNDS} rounds each, ${onPostgres ? 'Postgres server' : 'PGlite'}; p50 / max in ms\n`)
  console.log('| what | upload (stored, renditions made) | block reaches the peer | peer fetches what it shows | upload → shown | bytes the peer fetched |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const [kind, label] of [['image', '5 MiB PNG photograph (shown at `?w=800`, WebP)'], ['file', '5 MiB PDF (reference: stored as is)']] as const) {
    const p = runs[kind]
    console.log(`| ${label} | ${cell(summarize(p.upload))} | ${cell(summarize(p.relay))} | ${cell(summarize(p.display))} | ${cell(summarize(p.total))} | ${Math.round(summarize(p.bytes).p50 / 1024)} KB |`)
  }
} finally {
  await server.close()
}
