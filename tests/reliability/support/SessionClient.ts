import * as Y from 'yjs'
import { WebSocketStatus } from '@hocuspocus/provider'
import { connectProvider, waitFor, type TestProvider } from '../../support/providers.ts'
import type { ScenarioRandom } from './scenarioSeed.ts'

/** The kinds of operation a session client performs, counted for the figures. */
export type OperationKind = 'insert' | 'delete' | 'format' | 'link' | 'block' | 'undo' | 'redo'

const MARKS: Record<string, unknown>[] = [
  { bold: {} }, { italic: {} }, { code: {} }, { strike: {} }, { bold: null }, { italic: null },
]
const WORDS = ['Novocherkassk', 'June', '1962', 'Lyudmila', 'комитет', 'strike', 'é', '🙂', 'archive', ' ', '\n']

/**
 * One person in a seeded editing session: a real provider on the page, editing its Y.Doc the
 * way the editor does (paragraphs and headings of XmlText; marks as formatting attributes;
 * wiki links and web links as marks), with a Yjs undo manager of its own.
 */
export class SessionClient {
  readonly client: TestProvider
  readonly undo: Y.UndoManager

  private constructor(client: TestProvider) {
    this.client = client
    // Each local transaction is its own undo step.
    this.undo = new Y.UndoManager(client.doc.getXmlFragment('default'), { captureTimeout: 0 })
  }

  static async connect(wsUrl: string, pageId: string, token: string): Promise<SessionClient> {
    return new SessionClient(await connectProvider(wsUrl, pageId, { token }))
  }

  get doc(): Y.Doc {
    return this.client.doc
  }

  /** Takes the client offline (its edits stay local) or brings it back. */
  async setOnline(online: boolean): Promise<void> {
    const { socket } = this.client
    if (!online) return socket.disconnect()
    // connect() does nothing while the socket still reads as connected, and the close that
    // disconnect() started would then leave it offline for good: wait for that close first.
    await waitFor(() => socket.status === WebSocketStatus.Disconnected, 'the socket to finish closing', 10_000)
    void socket.connect()
  }

  /** Performs one random operation; returns its kind. */
  operate(random: ScenarioRandom): OperationKind {
    const fragment = this.doc.getXmlFragment('default')
    const roll = random.next()
    if (roll < 0.06 && this.undo.canUndo()) { this.undo.undo(); return 'undo' }
    if (roll < 0.09 && this.undo.canRedo()) { this.undo.redo(); return 'redo' }
    if (fragment.length === 0 || roll < 0.17) {
      this.doc.transact(() => this.editBlocks(fragment, random))
      return 'block'
    }
    const block = fragment.get(random.int(0, fragment.length - 1)) as Y.XmlElement
    let text = block.get(0)
    if (!(text instanceof Y.XmlText)) {
      this.doc.transact(() => block.insert(0, [new Y.XmlText()]))
      text = block.get(0)
    }
    const xmlText = text as Y.XmlText
    const plain = (xmlText.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : ' ')).join('')
    const length = xmlText.length
    // The editor never puts a position inside a surrogate pair (an emoji): neither do we.
    const at = codePointBoundary(plain, random.int(0, length))
    const span = codePointBoundary(plain, Math.min(length, at + random.int(1, 12))) - at
    if (roll < 0.55 || span === 0) {
      xmlText.insert(at, random.pick(WORDS) + (random.chance(0.5) ? ' ' : ''), random.chance(0.2) ? random.pick(MARKS) : undefined)
      return 'insert'
    }
    if (roll < 0.72) { xmlText.delete(at, span); return 'delete' }
    if (roll < 0.86) { xmlText.format(at, span, random.pick(MARKS)); return 'format' }
    const link = random.chance(0.5)
      ? { wikiLink: { target: random.pick(['Novocherkassk massacre', 'Dear Comrades!', 'novocherkassk-1962:Timeline', 'A red link']) } }
      : { link: { href: random.pick(['https://example.org/archive', 'mailto:editor@example.org']), target: '_blank', rel: 'noopener noreferrer nofollow', class: null } }
    xmlText.format(at, span, link)
    return 'link'
  }

  /** Adds a paragraph or heading, or removes one. */
  private editBlocks(fragment: Y.XmlFragment, random: ScenarioRandom): void {
    if (fragment.length > 3 && random.chance(0.25)) {
      fragment.delete(random.int(0, fragment.length - 1), 1)
      return
    }
    const heading = random.chance(0.25)
    const block = new Y.XmlElement(heading ? 'heading' : 'paragraph')
    // y-prosemirror keeps node attributes as they are: the level is a number.
    if (heading) block.setAttribute('level', random.int(1, 3) as unknown as string)
    block.insert(0, [new Y.XmlText(random.pick(WORDS))])
    fragment.insert(random.int(0, fragment.length), [block])
  }

  destroy(): void {
    this.undo.destroy()
    this.client.destroy()
  }
}

/** `index`, moved back one unit when it falls between the two halves of a surrogate pair. */
function codePointBoundary(text: string, index: number): number {
  const before = text.charCodeAt(index - 1)
  return index > 0 && index < text.length && before >= 0xd800 && before <= 0xdbff ? index - 1 : index
}
