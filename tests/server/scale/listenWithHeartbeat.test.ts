import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../server/core/db/Db.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { createLogger } from '../../../server/core/logger.ts'
import { notifyChannel } from '../../../server/scale/channelQueries.ts'
import { listenWithHeartbeat } from '../../../server/scale/listenWithHeartbeat.ts'
import { waitFor } from '../../support/providers.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../../support/testDatabase.ts'

let database: TestDatabase | undefined
let db: Db | undefined
let stop: (() => Promise<void>) | undefined

afterEach(async () => {
  await stop?.()
  await db?.close()
  await database?.drop()
  database = db = stop = undefined
})

async function listen(received: string[], relistens: { count: number }): Promise<Db> {
  database = await createTestDatabase()
  db = await openDb(database.target)
  stop = await listenWithHeartbeat({
    // Long enough that a heartbeat's round trip on a loaded machine is not taken for a lost
    // connection; short enough to beat several times before the notification below.
    db, channel: 'scale_test', instanceId: 'listener', logger: createLogger('silent'), intervalMs: 400,
    onNotify: (payload) => received.push(payload),
    onRelisten: () => { relistens.count += 1 },
  })
  return db
}

describe('listening on a Postgres channel with a heartbeat', () => {
  it('delivers what is notified on the channel, and never its own heartbeats', async () => {
    const received: string[] = []
    const relistens = { count: 0 }
    const open = await listen(received, relistens)
    await new Promise((r) => setTimeout(r, 1300))
    await notifyChannel(open, 'scale_test', '{"hello":1}')
    await waitFor(() => received.length === 1, 'the notification')
    expect(received).toEqual(['{"hello":1}'])
    expect(relistens.count).toBe(0)
  })

  it.skipIf(!onPostgres)('a listener whose connection was terminated listens again, says so, and hears what is sent afterwards', async () => {
    const received: string[] = []
    const relistens = { count: 0 }
    const open = await listen(received, relistens)
    const admin = new pg.Client({ connectionString: database!.url! })
    await admin.connect()
    try {
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`)
      expect(killed.rowCount).toBe(1)
    } finally {
      await admin.end()
    }
    await waitFor(() => relistens.count === 1, 'the listener to be replaced')
    await notifyChannel(open, 'scale_test', '{"after":true}')
    await waitFor(() => received.includes('{"after":true}'), 'the notification sent after the loss')
  })
})
