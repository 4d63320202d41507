// A worker thread that computes expensive history answers (diff, blame, a revision's content)
// off the main event loop, over its own small connection pool to the same Postgres.
import { parentPort, workerData } from 'node:worker_threads'
import { PostgresDb } from '../core/db/PostgresDb.ts'
import { createLogger } from '../core/logger.ts'
import { runHistoryTask, type HistoryTask } from './historyTask.ts'

const { databaseUrl, logLevel } = workerData as { databaseUrl: string; logLevel: string }
const db = new PostgresDb(databaseUrl, 2)
const logger = createLogger(logLevel)

parentPort!.on('message', async ({ id, task, close }: { id: number; task: HistoryTask; close?: boolean }) => {
  if (close) {
    // Shutdown: release the connections (a test drops its database right after), then end.
    await db.close().catch(() => {})
    parentPort!.postMessage({ closed: true })
    return
  }
  try {
    parentPort!.postMessage({ id, json: await runHistoryTask(db, logger, task) })
  } catch (error) {
    logger.error({ err: error }, 'a history task failed in its worker')
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
