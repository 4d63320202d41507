import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { freePort } from './freePort.ts'
import { portAnswers } from '../../support/requirements.ts'
import { waitFor } from '../../support/providers.ts'

/** A redis-server of the test's own on a free port, which it may stop and start at will. */
export interface PrivateRedis {
  url: string
  port: number
  /** Kills the server at once (its clients lose their connections). */
  stop(): Promise<void>
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>
}

/** Whether redis-server is installed. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0
}

/** Starts a private, memory-only redis-server on a free port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    await waitFor(() => portAnswers(port), `redis-server on port ${port}`)
  }
  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}
