import { readdirSync, readFileSync } from 'node:fs'
import type { Db } from './Db.ts'

const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url)
// An arbitrary constant: every instance migrating at once waits on the same lock.
const MIGRATION_LOCK = 7_415_962

/** The numbered `.sql` files of migrations/, in order. */
export function migrationFiles(): { name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/u.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8') }))
}

/**
 * Applies the migrations not yet recorded, in one transaction under an advisory lock, so
 * several instances starting together migrate once. Returns the names it applied. With
 * `only`, applies just those (a restore first brings a database to its backup's schema).
 */
export async function migrate(db: Db, only?: Set<string>): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name))
    const applied: string[] = []
    for (const { name, sql } of migrationFiles()) {
      if (done.has(name) || (only && !only.has(name))) continue
      await tx.exec(sql)
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name])
      applied.push(name)
    }
    return applied
  })
}
