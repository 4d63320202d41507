// `node tests/bench/backlinkLatency.ts [--rounds N]` (TEST_DATABASE_URL set = a Postgres server,
// else PGlite): how long from a wiki link typed in page A to A showing in B's backlinks panel,
// the way the panel learns it — B's open provider hears the `backlinks` notice, refetches
// GET /api/pages/B/backlinks and finds A. Two ways of typing: one edit that makes the link and
// stops, and a link made in the middle of steady typing (a keystroke every 40 ms), where the
// index waits at most its coalescing window. Prints a Markdown table; this is a benchmark, not a test.
import * as Y from 'yjs'
import { api, createSpaceWithPage, signUpUser } from '../support/api.ts'
import { connectProvider, type TestProvider } from '../support/providers.ts'
import { startTestServer } from '../support/startTestServer.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { summarize, type Summary } from './latencyStats.ts'

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 30
const KEYSTROKE_MS = 40

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resolves when `reader` hears a backlinks notice and the refetched list holds `sourceId`. */
function panelShows(url: string, token: string, reader: TestProvider, targetId: string, sourceId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('no backlink within 10 s')), 10_000)
    const onStateless = async ({ payload }: { payload: string }) => {
      if (JSON.parse(payload).type !== 'backlinks') return
      const answer = await api(url, 'GET', `/api/pages/${targetId}/backlinks`, { token })
      if (!answer.body.some((b: { pageId: string }) => b.pageId === sourceId)) return
      clearTimeout(timeout)
      reader.provider.off('stateless', onStateless)
      resolve(performance.now())
    }
    reader.provider.on('stateless', onStateless)
  })
}

/** A paragraph the writer types into. */
function newParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default')
    fragment.insert(fragment.length, [paragraph])
    paragraph.insert(0, [text])
  })
  return text
}

async function measure(steadyTyping: boolean): Promise<Summary> {
  const server = await startTestServer()
  try {
    const user = await signUpUser(server.url, 'bench')
    const { spaceId, pageId: source } = await createSpaceWithPage(server.url, user.token, { title: 'Source' })
    const writer = await connectProvider(server.wsUrl, source, { token: user.token })
    const times: number[] = []
    for (let round = 0; round < rounds; round++) {
      const title = `Target ${round}`
      const target = (await api(server.url, 'POST', `/api/spaces/${spaceId}/pages`, { token: user.token, body: { title } })).body.id
      const reader = await connectProvider(server.wsUrl, target, { token: user.token })
      const text = newParagraph(writer.doc)
      let typing = steadyTyping
      const typist = (async () => {
        while (typing) {
          text.insert(text.length, 'x', {})
          await sleep(KEYSTROKE_MS)
        }
      })()
      if (steadyTyping) await sleep(200 + Math.random() * 400)
      const shown = panelShows(server.url, user.token, reader, target, source)
      const typedAt = performance.now()
      text.insert(text.length, ` ${title} `, {})
      text.format(text.length - title.length - 1, title.length, { wikiLink: { target: title } })
      const shownAt = await shown
      times.push(shownAt - typedAt)
      typing = false
      await typist
      reader.destroy()
    }
    writer.destroy()
    return summarize(times)
  } finally {
    await server.close()
  }
}

const row = (name: string, s: Summary) =>
  `| ${name} | ${s.count} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.max.toFixed(0)} |`
const single = await measure(false)
const steady = await measure(true)
console.log(`Backlink latency, link typed in A → listed in B's panel (ms), ${onPostgres ? 'Postgres' : 'PGlite'}, ${rounds} rounds each`)
console.log('')
console.log('| typing | rounds | p50 | p95 | max |')
console.log('| --- | ---: | ---: | ---: | ---: |')
console.log(row('one edit, then quiet', single))
console.log(row(`steady typing (a key every ${KEYSTROKE_MS} ms)`, steady))
