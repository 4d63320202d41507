// The thread that owns the embedded database. PgliteWorkerDb sends it SQL; it answers with
// rows, so the server's own thread never waits while PGlite works.
import { parentPort, workerData } from 'node:worker_threads'
import type { Queryable } from './Db.ts'
import { ConnectionQueue } from './ConnectionQueue.ts'
import { PgliteDb, type PgliteOptions } from './PgliteDb.ts'
import { toWorkerError, type Statement, type WorkerReply, type WorkerRequest } from './pgliteWorkerProtocol.ts'

const port = parentPort!
const send = (reply: WorkerReply) => port.postMessage(reply)

/** Thrown inside a transaction to roll it back when the other side's work failed. */
const ROLL_BACK = Symbol('roll back')

interface OpenTransaction {
  tx: Queryable
  decide: (commit: boolean) => void
  done: Promise<void>
}

const { dataDir, options } = workerData as { dataDir: string; options: PgliteOptions }
const db = await PgliteDb.open(dataDir, options).catch((error: unknown) => {
  send({ failed: toWorkerError(error) })
  throw error
})
const queue = new ConnectionQueue()
const transactions = new Map<number, OpenTransaction>()
const listening = new Map<string, () => Promise<void>>()
let nextTransaction = 1

function runner(tx: number | null): Queryable {
  if (tx === null) return db
  const open = transactions.get(tx)
  if (!open) throw new Error(`transaction ${tx} is not open`)
  return open.tx
}

/** Runs a statement on the database or in an open transaction. */
function run(statement: Statement, on: Queryable): Promise<unknown> {
  return statement.op === 'query' ? on.query(statement.sql, statement.params) : on.exec(statement.sql)
}

/**
 * Opens a transaction, runs its first statement in it and answers `id` with that statement's
 * result (or error) and the transaction's number. The transaction then waits for `end`; the
 * promise settles once it has ended.
 */
function begin(id: number, first: Statement): Promise<void> {
  const number = nextTransaction++
  let answered = false
  const done = db.transaction(async (tx) => {
    const decided = new Promise<boolean>((decide) => transactions.set(number, { tx, decide, done }))
    try {
      send({ id, value: (await run(first, tx)) ?? null, tx: number })
    } catch (error) {
      // The transaction stays open (aborted, as Postgres leaves it) until the other side ends it.
      send({ id, error: toWorkerError(error), tx: number })
    }
    answered = true
    if (!(await decided)) throw ROLL_BACK
  }).catch((error: unknown) => {
    if (error === ROLL_BACK) return
    // BEGIN itself failed: the transaction never opened.
    if (!answered) return void send({ id, error: toWorkerError(error) })
    throw error
  }).finally(() => transactions.delete(number))
  return done
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query':
    case 'exec': return request.tx === null ? queue.statement(() => run(request, db)) : run(request, runner(request.tx))
    case 'end': {
      const open = transactions.get(request.tx)
      if (!open) throw new Error(`transaction ${request.tx} is not open`)
      open.decide(request.commit)
      return open.done
    }
    case 'listen': {
      if (!listening.has(request.channel)) {
        const stop = await queue.statement(() => db.listen(request.channel, (payload) => send({ notify: request.channel, payload })))
        listening.set(request.channel, stop)
      }
      return null
    }
    case 'unlisten': {
      const stop = listening.get(request.channel)
      listening.delete(request.channel)
      if (stop) await queue.statement(stop)
      return null
    }
    case 'close': {
      // After every transaction asked for before it.
      await queue.transaction(() => db.close())
      return null
    }
    case 'begin': throw new Error('begin is answered by itself')
  }
}

port.on('message', (request: WorkerRequest) => {
  // How the transaction ended is answered to its `end`.
  if (request.op === 'begin') return void queue.transaction(() => begin(request.id, request.first)).catch(() => {})
  handle(request).then(
    (value) => send({ id: request.id, value: value ?? null }),
    (error: unknown) => send({ id: request.id, error: toWorkerError(error) }),
  )
})

send({ ready: true })
