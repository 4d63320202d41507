import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { migrationFiles } from '../../../server/core/db/migrate.ts'
import { leasePgliteDatabase } from '../../support/pglitePool.ts'

// The test support that lends open PGlite databases to in-process test servers: a test must
// never see what an earlier one wrote, nor reach the database once its server has closed it.
const folder = (target: unknown) => (target as { dataDir: string }).dataDir

describe('PGlite test databases lent again', () => {
  it('come back empty, with the schema, and are really lent again', async () => {
    const first = await leasePgliteDatabase()
    await first.db.query(`INSERT INTO users (username, username_key, password_hash) VALUES ('ana', 'ana', 'x')`)
    await first.db.close()
    await first.database.drop()

    const second = await leasePgliteDatabase()
    try {
      expect(folder(second.database.target)).toBe(folder(first.database.target))
      expect(await second.db.query('SELECT username FROM users')).toEqual([])
      const [{ migrations }] = await second.db.query<{ migrations: number }>('SELECT count(*)::int AS migrations FROM schema_migrations')
      expect(migrations).toBe(migrationFiles().length)
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
