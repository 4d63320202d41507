import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { closeIdleDatabases, leasePgliteDatabase, MAX_LENDS } from '../../support/pglitePool.ts'
import { TEST_RUN_FOLDER_VARIABLE } from '../../support/testDatabase.ts'
import { expectAsTemplate, writeRowsAcrossTables } from './lentDatabaseRows.ts'

// The test support that lends open PGlite databases to in-process test servers: a test must
// never see what an earlier one wrote, nor reach the database once its server has closed it.
const folder = (target: unknown) => (target as { dataDir: string }).dataDir

describe('PGlite test databases lent again', () => {
  // Each test starts from a pool with nothing idle: what earlier files left is not what it checks.
  beforeEach(() => closeIdleDatabases())

  it('come back empty (rows, references between them, sequences), with the schema, and are really lent again', async () => {
    const first = await leasePgliteDatabase()
    await writeRowsAcrossTables(first.db)
    await first.db.close()
    await first.database.drop()

    const second = await leasePgliteDatabase()
    try {
      expect(folder(second.database.target)).toBe(folder(first.database.target))
      await expectAsTemplate(second.db)
    } finally {
      await second.db.close()
      await second.database.drop()
    }
  })

  it('refuse statements once the server closed its lease, and hear no more notifications', async () => {
    const lease = await leasePgliteDatabase()
    const heard: string[] = []
    await lease.db.listen('pool_test', (payload) => heard.push(payload))
    await lease.db.query(`SELECT pg_notify('pool_test', 'before')`)
    await expect.poll(() => heard).toEqual(['before'])
    await lease.db.close()
    await expect(lease.db.query('SELECT 1')).rejects.toThrow(/closed/u)
    await lease.database.drop()

    const next = await leasePgliteDatabase()
    try {
      await next.db.query(`SELECT pg_notify('pool_test', 'after')`)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(heard).toEqual(['before'])
    } finally {
      await next.db.close()
      await next.database.drop()
    }
  })

  it(`are removed after ${MAX_LENDS} lends (emptying leaves dead rows behind), and a new one lent`, async () => {
    const folders = new Set<string>()
    for (let lend = 0; lend <= MAX_LENDS; lend++) {
      const lease = await leasePgliteDatabase()
      folders.add(folder(lease.database.target))
      await lease.db.close()
      await lease.database.drop()
    }
    expect(folders.size).toBe(2)
    expect([...folders].filter((f) => existsSync(f))).toHaveLength(1)
  })

  it('live in the run’s own folder, which the run removes at its end with those still open', async () => {
    const runFolder = process.env[TEST_RUN_FOLDER_VARIABLE]
    expect(runFolder).toMatch(/palimpsest-run-/u)
    const lease = await leasePgliteDatabase()
    try {
      expect(dirname(folder(lease.database.target))).toBe(runFolder)
    } finally {
      await lease.db.close()
      await lease.database.drop()
    }
  })

  it('are removed, not lent again, once retired (a restart opens the folder itself)', async () => {
    const lease = await leasePgliteDatabase()
    await lease.retire()
    await expect(lease.db.query('SELECT 1')).rejects.toThrow(/closed/u)
    await lease.database.drop()
    expect(existsSync(folder(lease.database.target))).toBe(false)
    const next = await leasePgliteDatabase()
    try {
      expect(folder(next.database.target)).not.toBe(folder(lease.database.target))
    } finally {
      await next.db.close()
      await next.database.drop()
    }
  })
})
