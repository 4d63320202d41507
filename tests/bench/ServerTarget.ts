import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pg from 'pg'
import type { TargetName } from './benchOptions.ts'
import { PalimpsestSetup } from './PalimpsestSetup.ts'

/** The bench's servers serve /metrics to this token only, as production servers would. */
const METRICS_TOKEN = randomBytes(18).toString('base64url')

const PROBE = pathToFileURL(fileURLToPath(new URL('./serverProbe.ts', import.meta.url))).href
const ENTRY = {
  bare: fileURLToPath(new URL('./bareServer.ts', import.meta.url)),
  palimpsest: fileURLToPath(new URL('../../server/main.ts', import.meta.url)),
}

/** Memory and CPU of a server process, after a full garbage collection. */
export interface Probe {
  rss: number
  heapUsed: number
  external: number
  /** CPU time of the process so far, after the probe's collections, and before them. */
  cpuMs: number
  cpuBeforeGcMs: number
  /** Event-loop delay since the previous probe (ms): p99 and worst. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

/**
 * CPU the database processes spent between two readings: growth of those seen before, all of
 * those new since. (A process that ended in between is lost: an undercount, never negative.)
 */
export function databaseCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null
  let total = 0
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0)
  return Math.max(0, total)
}

/** Human names of the targets, as the table prints them. */
export const TARGET_LABELS: Record<TargetName, string> = {
  bare: 'bare Hocuspocus',
  postgres: 'Palimpsest (Postgres)',
  pglite: 'Palimpsest (PGlite)',
}

/**
 * A server under test in its own process: bare Hocuspocus, or Palimpsest (`server/main.ts`,
 * as `npm start` runs it) over a fresh Postgres database or a fresh PGlite folder.
 */
export class ServerTarget {
  readonly name: TargetName
  readonly url: string
  readonly wsUrl: string
  readonly child: ChildProcess
  /** Users and pages through the HTTP API (Palimpsest only). */
  readonly setup: PalimpsestSetup | null
  private readonly cleanup: () => Promise<void>
  private readonly exited: Promise<void>
  private probes = 0
  /** Where this target keeps its data (for reading stored bytes). */
  readonly database: { url: string } | { dataDir: string } | null
  private readonly adminUrl: string

  private constructor(init: { name: TargetName; url: string; child: ChildProcess; cleanup: () => Promise<void>; exited: Promise<void>; database: ServerTarget['database']; adminUrl: string }) {
    this.adminUrl = init.adminUrl
    this.name = init.name
    this.url = init.url
    this.wsUrl = `${init.url.replace(/^http/u, 'ws')}/collab`
    this.child = init.child
    this.cleanup = init.cleanup
    this.exited = init.exited
    this.database = init.database
    this.setup = init.name === 'bare' ? null : new PalimpsestSetup(init.url)
  }

  /** Starts the target on a free port of 127.0.0.1 and waits until it listens. */
  static async start(name: TargetName, postgresAdminUrl: string): Promise<ServerTarget> {
    // Every simulated client connects from this machine and the throughput steps push each one
    // past a typist's rate: the per-address and per-socket caps would measure themselves.
    const env: Record<string, string> = {
      PORT: '0', HOST: '127.0.0.1', SEED: 'false', LOG_LEVEL: 'warn', METRICS_TOKEN,
      COLLAB_CONNECTIONS_PER_ADDRESS: '100000', COLLAB_MESSAGES_PER_SECOND: '100000', COLLAB_MESSAGE_BURST: '100000',
    }
    let cleanup = async () => {}
    let database: ServerTarget['database'] = null
    if (name === 'postgres') {
      const dbName = `palimpsest_bench_${randomBytes(5).toString('hex')}`
      await adminQuery(postgresAdminUrl, `CREATE DATABASE ${dbName}`)
      const url = new URL(postgresAdminUrl)
      url.pathname = `/${dbName}`
      env.DATABASE_URL = url.toString()
      database = { url: url.toString() }
      cleanup = () => adminQuery(postgresAdminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    } else if (name === 'pglite') {
      const dataDir = mkdtempSync(join(tmpdir(), 'palimpsest-bench-'))
      env.DATA_DIR = dataDir
      database = { dataDir }
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true })
    }
    const entry = name === 'bare' ? ENTRY.bare : ENTRY.palimpsest
    const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, entry], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    let stderr = ''
    child.stderr!.on('data', (chunk) => {
      stderr += chunk
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000)
    })
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    let url: string
    try {
      url = await new Promise<string>((resolve, reject) => {
        let stdout = ''
        const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${stderr}`)), 60_000)
        child.stdout!.on('data', (chunk) => {
          stdout += chunk
          const match = /is running at (\S+)/u.exec(stdout)
          if (match) { clearTimeout(timer); resolve(match[1]) }
        })
        void exited.then(() => { clearTimeout(timer); reject(new Error(`${name} exited before listening:\n${stderr}`)) })
      })
    } catch (error) {
      child.kill('SIGKILL')
      await exited
      await cleanup()
      throw error
    }
    const target = new ServerTarget({ name, url, child, cleanup, exited, database, adminUrl: postgresAdminUrl })
    try {
      await target.setup?.prepare()
    } catch (error) {
      await target.dispose()
      throw error
    }
    return target
  }

  get label(): string {
    return TARGET_LABELS[this.name]
  }

  get isPalimpsest(): boolean {
    return this.name !== 'bare'
  }

  /** Bearer tokens of the bench's users (bare Hocuspocus takes any). */
  get tokens(): string[] {
    return this.setup?.tokens ?? ['bench']
  }

  /** Pages to edit: created through the API on Palimpsest, just named on bare Hocuspocus. */
  async createPages(count: number, prefix: string): Promise<string[]> {
    if (!this.setup) return Array.from({ length: count }, () => randomUUID())
    return this.setup.createPages(count, prefix)
  }

  /** The server's memory and CPU right now, after garbage collection. */
  probe(): Promise<Probe> {
    const id = this.probes++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not answer a probe`)), 30_000)
      const onMessage = (message: Probe & { probe?: number }) => {
        if (message.probe !== id) return
        clearTimeout(timer)
        this.child.off('message', onMessage)
        resolve(message)
      }
      this.child.on('message', onMessage)
      this.child.send({ probe: id })
    })
  }

  /**
   * CPU time (ms) used so far by each Postgres server process serving this target's database,
   * by process id (Linux /proc; null for PGlite and bare Hocuspocus, whose database work, if
   * any, is in their own process). See `databaseCpuBetween`.
   */
  async databaseCpu(): Promise<Map<number, number> | null> {
    if (!this.database || !('url' in this.database)) return null
    const name = new URL(this.database.url).pathname.slice(1)
    const client = new pg.Client({ connectionString: this.adminUrl })
    await client.connect()
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])
      const cpu = new Map<number, number>()
      for (const { pid } of rows) {
        try {
          // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second).
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
          cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10)
        } catch {
          // The backend exited meanwhile.
        }
      }
      return cpu
    } finally {
      await client.end()
    }
  }

  /** Palimpsest's Prometheus counters and gauges named palimpsest_*, as numbers. */
  async metrics(): Promise<Record<string, number>> {
    if (!this.isPalimpsest) return {}
    const text = await (await fetch(`${this.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    const values: Record<string, number> = {}
    for (const line of text.split('\n')) {
      const match = /^(palimpsest_\w+)(?:\{[^}]*\})? ([\d.e+-]+)$/u.exec(line)
      if (match) values[match[1]] = Number(match[2])
    }
    return values
  }

  /** Waits until the server holds no document in memory (Palimpsest: everything stored and unloaded). */
  async waitUnloaded(timeoutMs = 60_000): Promise<void> {
    if (!this.isPalimpsest) return
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const m = await this.metrics()
      if (m.palimpsest_documents_loaded === 0 && m.palimpsest_log_backlog === 0) return
      if (Date.now() > deadline) throw new Error(`${this.name} still holds ${m.palimpsest_documents_loaded} documents after ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** Stops the server (SIGTERM: Palimpsest stores every document first). Keeps its data. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000)
    await this.exited
    clearTimeout(timer)
  }

  /** Removes the target's database or data folder. */
  async dispose(): Promise<void> {
    await this.stop()
    await this.cleanup()
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
