import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import * as Y from 'yjs'
import { countUnsyncedTruly } from '../../shared/internals/countUnsyncedTruly.ts'

/** Polls `check` until it returns true (or a value), failing with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A real provider connected to a test server, with its own websocket. */
export interface TestProvider {
  provider: HocuspocusProvider
  doc: Y.Doc
  socket: HocuspocusProviderWebsocket
  /** Close events received, of the socket or of this document's connection (code, reason). */
  closes: { code: number; reason: string }[]
  /** Sync status acknowledgements the server sent: true = stored, false = refused. */
  authFailures: string[]
  /** Resolves when every local change has been acknowledged by the server. */
  settled(timeoutMs?: number): Promise<void>
  destroy(): void
}

/** Opens a page's document through a real @hocuspocus/provider and waits until it is synced. */
export async function connectProvider(wsUrl: string, pageId: string, options: { token?: string; doc?: Y.Doc; waitForSync?: boolean; withoutAwareness?: boolean } = {}): Promise<TestProvider> {
  const doc = options.doc ?? new Y.Doc()
  const closes: TestProvider['closes'] = []
  const authFailures: string[] = []
  const socket = new HocuspocusProviderWebsocket({ url: wsUrl, delay: 50, minDelay: 50, maxDelay: 500, factor: 1.5 })
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => closes.push({ code: event.code, reason: event.reason }))
  const provider = countUnsyncedTruly(new HocuspocusProvider({
    websocketProvider: socket,
    name: pageId,
    document: doc,
    token: options.token ?? 'anonymous',
    ...(options.withoutAwareness ? { awareness: null } : {}),
    onAuthenticationFailed: ({ reason }) => authFailures.push(reason),
  }))
  // The server closes one document's connection with a CLOSE message carrying the reason.
  provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    if (!closes.some((c) => c.reason === event.reason && c.code === event.code)) closes.push({ code: event.code, reason: event.reason })
  })
  provider.attach()
  const result: TestProvider = {
    provider, doc, socket, closes, authFailures,
    settled: (timeoutMs = 10_000) => waitFor(() => provider.isSynced && provider.unsyncedChanges === 0, 'changes to be acknowledged', timeoutMs).then(() => {}),
    destroy() {
      provider.destroy()
      socket.destroy()
    },
  }
  if (options.waitForSync !== false) {
    await waitFor(() => provider.isSynced || authFailures.length > 0, `provider for ${pageId} to sync`)
  }
  return result
}

/** The text of the page's paragraphs, as a test reads it. */
export function docText(doc: Y.Doc): string {
  return doc.getXmlFragment('default').toArray().map((node) => (node instanceof Y.XmlElement ? node.toArray().map((c) => c.toString().replace(/<[^>]+>/gu, '')).join('') : '')).join('\n')
}

/** Appends a paragraph with the given text to the page. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  const fragment = doc.getXmlFragment('default')
  fragment.insert(fragment.length, [paragraph])
}
