import * as Y from 'yjs'
import { connectProvider, type TestProvider } from '../../support/providers.ts'
import type { ScenarioRandom } from './scenarioSeed.ts'

/** Every token a typist writes looks like `t07.123`: writer 7, its 123rd edit. */
const TOKEN = /t\d+\.\d+/gu

/** The tokens in a page's content, in document order (duplicates kept, so they can be counted). */
export function tokensIn(doc: Y.Doc): string[] {
  return doc.getXmlFragment('default').toString().match(TOKEN) ?? []
}

/**
 * A simulated writer on one page: each edit inserts a unique token, as a new paragraph or at
 * either end of an existing paragraph's text (a token is never split, so duplication and loss
 * can be counted exactly). It tracks which tokens the server acknowledged: all tokens typed
 * before the provider's `unsyncedChanges` last returned to 0 (docs/PROTOCOL.md: those are in Postgres).
 */
export class Typist {
  readonly name: string
  readonly pageId: string
  readonly client: TestProvider
  /** Every token typed, in order. */
  readonly tokens: string[] = []
  /** tokens[0, acked) are acknowledged. */
  acked = 0
  /** Milliseconds from typing to acknowledgement, per acknowledged token (exact while the connection stays up). */
  readonly latencies: number[] = []
  private readonly typedAt: number[] = []
  private timed = 0

  private constructor(name: string, pageId: string, client: TestProvider) {
    this.name = name
    this.pageId = pageId
    this.client = client
    client.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      // Acknowledgements come in order, one per update: the oldest outstanding tokens are the ones acknowledged.
      const now = Date.now()
      for (; this.timed < this.tokens.length - number; this.timed++) this.latencies.push(now - this.typedAt[this.timed])
      if (number === 0) this.acked = this.tokens.length
    })
  }

  /** Connects writer number `index` to a page. */
  static async connect(index: number, wsUrl: string, pageId: string, token: string): Promise<Typist> {
    const client = await connectProvider(wsUrl, pageId, { token })
    return new Typist(`t${String(index).padStart(2, '0')}`, pageId, client)
  }

  get doc(): Y.Doc {
    return this.client.doc
  }

  /** Types one token somewhere in the page. */
  typeOne(random: ScenarioRandom): string {
    const token = `${this.name}.${this.tokens.length}`
    this.tokens.push(token)
    this.typedAt.push(Date.now())
    const fragment = this.doc.getXmlFragment('default')
    this.doc.transact(() => {
      if (fragment.length === 0 || random.chance(0.2)) {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(token)])
        fragment.insert(random.int(0, fragment.length), [paragraph])
        return
      }
      const paragraph = fragment.get(random.int(0, fragment.length - 1)) as Y.XmlElement
      let text = paragraph.get(0)
      if (!(text instanceof Y.XmlText)) {
        text = new Y.XmlText()
        paragraph.insert(0, [text])
      }
      const xmlText = text as Y.XmlText
      if (random.chance(0.5)) xmlText.insert(0, `${token} `)
      else xmlText.insert(xmlText.length, ` ${token}`)
    })
    return token
  }

  /** The acknowledged tokens not in `present`. */
  lostFrom(present: Set<string>): string[] {
    return this.tokens.slice(0, this.acked).filter((t) => !present.has(t))
  }
}
