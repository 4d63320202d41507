import { afterEach } from 'vitest'
import { connectProvider, type TestProvider } from './providers.ts'
import type { TestServer } from './startTestServer.ts'

/** What connectProvider takes besides the server and the document name. */
export type ConnectOptions = NonNullable<Parameters<typeof connectProvider>[2]>

/** A server each test starts for itself, and the providers it opens on it. */
export interface ServerPerTest<O> {
  /** Starts this test's server with the file's start function and `options`. */
  start(options?: O): Promise<TestServer>
  /** The server this test started; throws if it started none. */
  server(): TestServer
  /** The server this test started, if any. */
  running(): TestServer | undefined
  /** Restarts this test's server over the same database (TestServer.restart) and keeps the new one. */
  restart(): Promise<TestServer>
  /** Opens a document of this test's server through a real provider, destroyed after the test. */
  connect(documentName: string, options?: ConnectOptions): Promise<TestProvider>
  /** Destroys the providers opened so far, before the test ends (e.g. before a restart). */
  destroyProviders(): void
}

/**
 * The set-up of a test file whose tests each start their own server: call it once at the top of
 * the file (or of a describe block) with the file's start function, e.g. startTestServer or
 * startHistoryServer. It registers the afterEach that destroys the providers opened through
 * `connect` and then closes the server (dropping its database), so the next test starts afresh.
 *
 * @example
 * const perTest = serverPerTest(startHistoryServer)
 * it('…', async () => {
 *   const server = await perTest.start({ idleMs: 300 })
 *   const alice = await signUpUser(server.url, 'alice')
 *   const a = await perTest.connect(pageId, { token: alice.token })
 * })
 */
export function serverPerTest<O>(startServer: (options?: O) => Promise<TestServer>): ServerPerTest<O> {
  let current: TestServer | undefined
  const providers: TestProvider[] = []

  const destroyProviders = () => {
    for (const p of providers.splice(0)) p.destroy()
  }

  afterEach(async () => {
    destroyProviders()
    await current?.close()
    current = undefined
  })

  const server = (): TestServer => {
    if (!current) throw new Error('no server started in this test')
    return current
  }

  return {
    async start(options) {
      current = await startServer(options)
      return current
    },
    server,
    running: () => current,
    async restart() {
      current = (await server().restart())
      return current
    },
    async connect(documentName, options) {
      const provider = await connectProvider(server().wsUrl, documentName, options)
      providers.push(provider)
      return provider
    },
    destroyProviders,
  }
}
