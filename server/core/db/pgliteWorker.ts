// The thread that owns the embedded database. PgliteWorkerDb sends it SQL; it answers with
// rows, so the server's own thread never waits while PGlite works.
import { parentPort, workerData } from 'node:worker_threads'
import type { Queryable } from './Db.ts'
import { PgliteDb, type PgliteOptions } from './PgliteDb.ts'
import { toWorkerError, type WorkerReply, type WorkerRequest } from './pgliteWorkerProtocol.ts'

const port = parentPort!
const send = (reply: WorkerReply) => port.postMessage(reply)

/** Thrown inside a transaction to roll it back when the other side's work failed. */
const ROLL_BACK = Symbol('roll back')

interface OpenTransaction {
  tx: Queryable
  decide: (commit: boolean) => void
  done: Promise<void>
}

const { dataDir, options } = workerData as { dataDir: string | undefined; options: PgliteOptions }
const db = await PgliteDb.open(dataDir, options).catch((error: unknown) => {
  send({ failed: toWorkerError(error) })
  throw error
})
const transactions = new Map<number, OpenTransaction>()
const listening = new Map<string, () => Promise<void>>()
let nextTransaction = 1

function runner(tx: number | null): Queryable {
  if (tx === null) return db
  const open = transactions.get(tx)
  if (!open) throw new Error(`transaction ${tx} is not open`)
  return open.tx
}

/** Opens a transaction and answers `id` with its number once BEGIN has run. */
function begin(id: number): void {
  const number = nextTransaction++
  let answered = false
  const done = db.transaction(async (tx) => {
    const commit = await new Promise<boolean>((decide) => {
      transactions.set(number, { tx, decide, done })
      answered = true
      send({ id, value: number })
    })
    if (!commit) throw ROLL_BACK
  }).catch((error: unknown) => {
    if (error === ROLL_BACK) return
    // BEGIN itself failed: the transaction never opened.
    if (!answered) return void send({ id, error: toWorkerError(error) })
    throw error
  }).finally(() => transactions.delete(number))
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': return runner(request.tx).query(request.sql, request.params)
    case 'exec': return runner(request.tx).exec(request.sql)
    case 'end': {
      const open = transactions.get(request.tx)
      if (!open) throw new Error(`transaction ${request.tx} is not open`)
      open.decide(request.commit)
      return open.done
    }
    case 'listen': {
      if (!listening.has(request.channel)) {
        listening.set(request.channel, await db.listen(request.channel, (payload) => send({ notify: request.channel, payload })))
      }
      return null
    }
    case 'unlisten': {
      const stop = listening.get(request.channel)
      listening.delete(request.channel)
      await stop?.()
      return null
    }
    case 'close': {
      await db.close()
      return null
    }
    case 'begin': throw new Error('begin is answered by itself')
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.op === 'begin') return begin(request.id)
  handle(request).then(
    (value) => send({ id: request.id, value: value ?? null }),
    (error: unknown) => send({ id: request.id, error: toWorkerError(error) }),
  )
})

send({ ready: true })
