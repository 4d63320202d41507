import { randomBytes } from 'node:crypto'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DbTarget } from '../../server/core/db/openDb.ts'
import { pgliteBareTemplate, pgliteTemplate } from './pgliteTemplate.ts'
import { adminQuery, dropDatabase, postgresTemplateName, postgresUrl } from './postgresTemplate.ts'

/** A database made for one test: a fresh Postgres database, or a PGlite folder in the temp dir. */
export interface TestDatabase {
  target: DbTarget
  /** The Postgres URL, when on a Postgres server (child-process servers need it). */
  url: string | null
  /** Removes the database. */
  drop(): Promise<void>
}

/** Whether tests run on a Postgres server (TEST_DATABASE_URL) or on PGlite. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL)

/**
 * Creates a migrated, empty database for a test. With TEST_DATABASE_URL it is a new database on
 * that server (dropped afterwards), copied from the run's template (see postgresTemplate) or, with
 * no template (a bench run outside Vitest), created bare; without, a PGlite data folder in the
 * temp dir — never ./data — copied from an already migrated template (see pgliteTemplate).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const name = `palimpsest_test_${randomBytes(6).toString('hex')}`
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${postgresTemplateName()}`)
    } catch (error) {
      if ((error as { code?: string }).code !== '3D000') throw error // no such template database
      return createBarePostgresTestDatabase(name)
    }
    return postgresTestDatabase(name)
  }
  return createPgliteTestDatabase()
}

/** A new database on the run's Postgres server with nothing in it (migrations not applied). */
export async function createBarePostgresTestDatabase(name = `palimpsest_test_${randomBytes(6).toString('hex')}`): Promise<TestDatabase> {
  await adminQuery(`CREATE DATABASE ${name}`)
  return postgresTestDatabase(name)
}

function postgresTestDatabase(name: string): TestDatabase {
  const url = postgresUrl(name)
  return {
    target: { url },
    url,
    drop: () => dropDatabase(name),
  }
}

/**
 * The buffer pool of test PGlite databases, in MiB (PGLITE_SHARED_BUFFERS_MB): PGlite sets up
 * the whole pool at each start, and a test database opens in about half the time with 16 MiB
 * instead of the default 128. Test databases stay far smaller than that.
 */
export const TEST_PGLITE_SHARED_BUFFERS_MB = 16

/**
 * Where a test run puts its PGlite data folders: a folder of the run's own (made by the global
 * setup, which removes it when the run ends, with whatever a worker process still held open when
 * it was stopped), else the temp dir (a bench run outside Vitest).
 */
export const TEST_RUN_FOLDER_VARIABLE = 'PALIMPSEST_TEST_RUN_DIR'

/**
 * A PGlite data folder in the run's folder, copied from the migrated template (or, `bare`, from one
 * with no migration applied), whatever the run's engine.
 */
export async function createPgliteTestDatabase(options: { bare?: boolean } = {}): Promise<TestDatabase> {
  const template = options.bare ? await pgliteBareTemplate() : await pgliteTemplate()
  const dataDir = mkdtempSync(join(process.env[TEST_RUN_FOLDER_VARIABLE] ?? tmpdir(), 'palimpsest-test-'))
  cpSync(template, dataDir, { recursive: true })
  return { target: { dataDir, sharedBuffersMb: TEST_PGLITE_SHARED_BUFFERS_MB }, url: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
}
