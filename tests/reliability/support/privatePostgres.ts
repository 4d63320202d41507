import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './freePort.ts'

/** A Postgres server of the test's own, which it may stop and start without disturbing anyone. */
export interface PrivatePostgres {
  /** URL of a database made for the test on it. */
  url: string
  port: number
  /** Stops the server at once, as a crash or a network loss would (clients see their connections die). */
  stop(): void
  /** Starts it again on the same port and waits until it takes connections. */
  start(): void
  /** Stops it and removes its files. */
  destroy(): void
}

/** The folder holding initdb and pg_ctl, or null when no Postgres server binaries are installed. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions.length > 0 ? join(root, versions[0], 'bin') : null
}

/** initdb refuses root: run the binaries as the postgres user when we are root. */
function asPostgres(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0
  const [command, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`)
}

/**
 * Creates and starts a throw-away Postgres cluster in a temp folder on a free port (initdb +
 * pg_ctl, no system service involved), with one empty database for the test.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'palimpsest-pg-'))
  chmodSync(dir, 0o777)
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const data = join(dir, 'data')
  const port = await freePort()
  asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const pgCtl = join(bin, 'pg_ctl')
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`
  const start = () => asPostgres(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  const stop = () => asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'])
  start()
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
  await admin.connect()
  await admin.query('CREATE DATABASE palimpsest')
  await admin.end()
  let running = true
  return {
    url: `postgres://postgres@127.0.0.1:${port}/palimpsest`,
    port,
    stop() { stop(); running = false },
    start() { start(); running = true },
    destroy() {
      if (running) {
        try { stop() } catch { /* already down */ }
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
