import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestDatabase } from './testDatabase.ts'

const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url))

/** The METRICS_TOKEN spawned servers get, so that probes can read /metrics. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789'

/**
 * The password-hash cost of every test server, in-process or child: the lowest. The suite signs
 * people up and in hundreds of times, and a hash at the production cost takes a core for about a
 * tenth of a second (tests/server/accounts/passwordCost.test.ts covers the cost itself).
 */
export const TEST_PASSWORD_HASH_COST = '10'

// Children still running when this test process exits (a test that timed out while its server
// was starting, say) are killed with it rather than left listening, orphaned, for hours.
const running = new Set<ChildProcess>()
process.once('exit', () => { for (const child of running) child.kill('SIGKILL') })

/** A Palimpsest server running as a child process, as `npm start` would run it. */
export interface SpawnedServer {
  url: string
  wsUrl: string
  child: ChildProcess
  /** Everything the process wrote to stderr so far. */
  stderr(): string
  /** Sends a signal and waits for the process to exit; resolves to its exit code or signal. */
  kill(signal: NodeJS.Signals): Promise<number | string | null>
}

/** Starts `server/main.ts` in a child process over the given database and waits until it listens. */
export async function spawnServer(database: TestDatabase, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const dbEnv: Record<string, string> = 'url' in database.target
    ? { DATABASE_URL: database.target.url }
    : 'dataDir' in database.target
      ? { DATA_DIR: database.target.dataDir, ...(database.target.sharedBuffersMb ? { PGLITE_SHARED_BUFFERS_MB: String(database.target.sharedBuffersMb) } : {}) }
      : {}
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'warn', METRICS_TOKEN: TEST_METRICS_TOKEN, PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, ...dbEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  let stderr = ''
  child.stderr!.on('data', (chunk) => { stderr += chunk })
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within 30 s:\n${stderr}`))
    }, 30_000)
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /Palimpsest is running at (\S+)/u.exec(stdout)
      if (match) { clearTimeout(timer); resolve(match[1]) }
    })
    void exited.then((how) => { clearTimeout(timer); reject(new Error(`server exited (${how}) before listening:\n${stderr}`)) })
  })
  return {
    url,
    wsUrl: `${url.replace(/^http/u, 'ws')}/collab`,
    child,
    stderr: () => stderr,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
