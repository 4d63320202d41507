import { expect } from 'vitest'
import type { Queryable } from '../../../server/core/db/Db.ts'
import { migrationFiles } from '../../../server/core/db/migrate.ts'

/**
 * What a test writes into a lent database before it goes back to its pool: rows in several tables,
 * references between them (a stored file's rendition refers to its bytes without a cascade, so
 * emptying must not trip on the order), and two values drawn from a sequence.
 */
export async function writeRowsAcrossTables(db: Queryable): Promise<void> {
  const [ana] = await db.query<{ id: string }>(`INSERT INTO users (username, username_key, password_hash) VALUES ('ana', 'ana', 'x') RETURNING id`)
  await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('h', $1, now())`, [ana.id])
  await db.exec(`
    INSERT INTO spaces (id, slug, name, visibility) VALUES ('00000000-0000-4000-8000-000000000001', 's', 'S', 'private');
    INSERT INTO pages (id, space_id, title, title_key, slug) VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'P', 'p', 'p');
    INSERT INTO attachment_blobs (sha256, size, chunk_count) VALUES ('b', 1, 1);
    INSERT INTO attachments (id, page_id, space_id, source_sha256, name, kind, content_type)
      VALUES ('a', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'b', 'f.png', 'image', 'image/png');
    INSERT INTO attachment_variants (attachment_id, content_type, width, sha256) VALUES ('a', 'image/webp', 10, 'b');`)
  await db.query(`SELECT nextval('page_updates_id_seq'), nextval('page_updates_id_seq')`)
}

/** Checks that a database lent again holds none of those rows, its sequences start again, and its schema is whole. */
export async function expectAsTemplate(db: Queryable): Promise<void> {
  expect(await db.query('SELECT username FROM users')).toEqual([])
  expect(await db.query('SELECT user_id FROM sessions')).toEqual([])
  expect(await db.query('SELECT sha256 FROM attachment_blobs UNION ALL SELECT sha256 FROM attachment_variants')).toEqual([])
  expect(await db.query(`SELECT nextval('page_updates_id_seq')::int AS id`)).toEqual([{ id: 1 }])
  const [{ migrations }] = await db.query<{ migrations: number }>('SELECT count(*)::int AS migrations FROM schema_migrations')
  expect(migrations).toBe(migrationFiles().length)
}
