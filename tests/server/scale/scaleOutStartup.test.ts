import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/core/config.ts'
import { createPalimpsest } from '../../../server/createPalimpsest.ts'
import type { Db } from '../../../server/core/db/Db.ts'
import { openDb } from '../../../server/core/db/openDb.ts'
import { scaleOut } from '../../../server/features/scaleOut.ts'
import { scaleOutRedis } from '../../support/scaleOutRedis.ts'
import { startTestServer, type TestServer } from '../../support/startTestServer.ts'
import { createPgliteTestDatabase } from '../../support/testDatabase.ts'

const redis = await scaleOutRedis()

let server: TestServer | undefined
let db: Db | undefined

afterEach(async () => {
  await db?.close()
  await server?.close()
  server = db = undefined
})

describe('joining other instances at start-up', () => {
  it('an instance given REDIS_URL over embedded PGlite refuses to start, naming DATABASE_URL', async () => {
    const database = await createPgliteTestDatabase()
    const pglite = await openDb(database.target)
    try {
      const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', LOG_LEVEL: 'silent' })
      await expect(createPalimpsest(config, pglite, [scaleOut()])).rejects.toThrow(/REDIS_URL needs DATABASE_URL/u)
    } finally {
      await pglite.close()
      await database.drop()
    }
  })

  it.skipIf(!redis)('a second instance with the INSTANCE_ID of a running one refuses to start', async () => {
    const env = { REDIS_URL: redis!, INSTANCE_ID: `twin-${Math.random().toString(36).slice(2, 8)}` }
    server = await startTestServer({ env, features: [scaleOut()] })
    db = await openDb(server.database.target)
    const twin = loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' })
    await expect(createPalimpsest(twin, db, [scaleOut()])).rejects.toThrow(/INSTANCE_ID "twin-\w+" is already used/u)
  })
})
