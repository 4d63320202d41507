import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrationFiles } from '../../../server/core/db/migrate.ts'
import { leasePgliteDatabase, MAX_LENDS } from '../../support/pglitePool.ts'
import { TEST_RUN_FOLDER_VARIABLE } from '../../support/testDatabase.ts'

// The test support that lends open PGlite databases to in-process test servers: a test must
// never see what an earlier one wrote, nor reach the database once its server has closed it.
const folder = (target: unknown) => (target as { dataDir: string }).dataDir

describe('PGlite test databases lent again', () => {
  it('come back empty (rows, references between them, sequences), with the schema, and are really lent again', async () => {
    const first = await leasePgliteDatabase()
    const [ana] = await first.db.query<{ id: string }>(`INSERT INTO users (username, username_key, password_hash) VALUES ('ana', 'ana', 'x') RETURNING id`)
    await first.db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('h', $1, now())`, [ana.id])
    // A stored file's rendition refers to its bytes without a cascade: emptying must not trip on that.
    await first.db.exec(`
      INSERT INTO spaces (id, slug, name, visibility) VALUES ('00000000-0000-4000-8000-000000000001', 's', 'S', 'private');
      INSERT INTO pages (id, space_id, title, title_key, slug) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'P', 'p', 'p');
      INSERT INTO attachment_blobs (sha256, size, chunk_count) VALUES ('b', 1, 1);
      INSERT INTO attachments (id, page_id, space_id, source_sha256, name, kind, content_type)
        VALUES ('a', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'b', 'f.png', 'image', 'image/png');
      INSERT INTO attachment_variants (attachment_id, content_type, width, sha256) VALUES ('a', 'image/webp', 10, 'b');`)
    await first.db.query(`SELECT nextval('page_updates_id_seq'), nextval('page_updates_id_seq')`)
    await first.db.close()
    await first.database.drop()

    const second = await leasePgliteDatabase()
    try {
      expect(folder(second.database.target)).toBe(folder(first.database.target))
      expect(await second.db.query('SELECT username FROM users')).toEqual([])
      expect(await second.db.query('SELECT user_id FROM sessions')).toEqual([])
      expect(await second.db.query('SELECT sha256 FROM attachment_blobs UNION ALL SELECT sha256 FROM attachment_variants')).toEqual([])
      // Sequences start again, as in the template.
      expect(await second.db.query(`SELECT nextval('page_updates_id_seq')::int AS id`)).toEqual([{ id: 1 }])
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
