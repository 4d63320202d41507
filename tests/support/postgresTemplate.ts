import pg from 'pg'
import { migrate } from '../../server/core/db/migrate.ts'
import { openDb } from '../../server/core/db/openDb.ts'

/** A statement on the run's Postgres server (TEST_DATABASE_URL), on a connection of its own; its rows. */
export async function adminQuery<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await client.connect()
  try {
    return (await client.query<Row>(sql, params)).rows
  } finally {
    await client.end()
  }
}

/** Drops database `name` on the run's Postgres server, ending the connections still open to it. */
export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

/** The URL of database `name` on the run's Postgres server. */
export function postgresUrl(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * The migrated, empty database this run's test databases are copied from: named after the run's
 * database, so two runs on one server (each with its own TEST_DATABASE_URL) never share one.
 * Copying it (CREATE DATABASE … TEMPLATE) takes a fraction of what 28 migrations take.
 */
export function postgresTemplateName(): string {
  return runDatabaseName('template')
}

/** `<the run's database>_<suffix>`, made a plain identifier of at most `maxLength` characters. */
export function runDatabaseName(suffix: string, maxLength = 63): string {
  const base = new URL(process.env.TEST_DATABASE_URL!).pathname.slice(1) || 'postgres'
  return `${base}_${suffix}`.replace(/[^a-z0-9_]/giu, '_').slice(0, maxLength).toLowerCase()
}

/** Makes the template afresh for this run (global set-up); returns the function that drops it. */
export async function createPostgresTemplate(): Promise<() => Promise<void>> {
  const name = postgresTemplateName()
  await dropDatabase(name)
  await adminQuery(`CREATE DATABASE ${name}`)
  const db = await openDb({ url: postgresUrl(name) })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  return () => dropDatabase(name)
}
