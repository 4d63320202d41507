import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { WorkerCommand } from './workerProtocol.ts'

const WORKER = fileURLToPath(new URL('./clientWorker.ts', import.meta.url))

/** One client process and its pending requests. */
class ClientProcess {
  readonly child: ChildProcess
  readonly ready: Promise<void>
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>()

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' })
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', () => resolve())
      this.child.once('exit', (code) => reject(new Error(`client process exited (${code}) before it was ready`)))
    })
    this.child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return
      const request = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.error) request?.reject(new Error(`client process: ${message.error}`))
      else request?.resolve(message.result)
    })
    this.child.on('exit', (code, signal) => {
      for (const request of this.pending.values()) request.reject(new Error(`client process exited (${signal ?? code})`))
      this.pending.clear()
    })
  }

  call<T>(command: WorkerCommand): Promise<T> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++
      this.pending.set(id, { resolve, reject })
      this.child.send({ id, command })
    })
  }
}

/** The client processes of a bench run; clients are spread over them round-robin. */
export class WorkerPool {
  readonly processes: ClientProcess[]

  private constructor(processes: ClientProcess[]) {
    this.processes = processes
  }

  /** Starts `count` client processes; each reads the traces from the given paths when it needs them. */
  static async start(count: number, tracePaths: [string, string]): Promise<WorkerPool> {
    const processes = Array.from({ length: count }, () => new ClientProcess(tracePaths))
    await Promise.all(processes.map((p) => p.ready))
    return new WorkerPool(processes)
  }

  /** The process that holds the client with this index. */
  owner(index: number): ClientProcess {
    return this.processes[index % this.processes.length]
  }

  /** Sends one command to every process (built per process) and waits for all replies. */
  all<T>(build: (processIndex: number) => WorkerCommand | null): Promise<T[]> {
    return Promise.all(this.processes.map((p, i) => {
      const command = build(i)
      return command ? p.call<T>(command) : Promise.resolve(null as T)
    }))
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => new Promise<void>((resolve) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve()
      p.child.once('exit', () => resolve())
      p.child.kill('SIGTERM')
    })))
  }
}
