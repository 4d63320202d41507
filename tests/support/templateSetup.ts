import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pgliteTemplate } from './pgliteTemplate.ts'
import { dropPooledDatabases } from './postgresPool.ts'
import { createPostgresTemplate } from './postgresTemplate.ts'
import { TEST_RUN_FOLDER_VARIABLE } from './testDatabase.ts'

/**
 * Vitest global setup: makes the migrated template once, before any test file starts, so no test
 * spends its own time limit migrating: a PGlite data folder, or a Postgres database when the run
 * has a server (dropped again when the run ends).
 */
export default async function templateSetup(): Promise<() => Promise<void>> {
  // The run's PGlite data folders go in one folder, removed at the end: a worker process is
  // stopped with the databases it keeps open for later tests (pglitePool.ts) still on disk.
  const runFolder = mkdtempSync(join(tmpdir(), 'palimpsest-run-'))
  process.env[TEST_RUN_FOLDER_VARIABLE] = runFolder
  const removeRunFolder = () => rmSync(runFolder, { recursive: true, force: true })
  if (!process.env.TEST_DATABASE_URL) {
    await pgliteTemplate()
    return async () => removeRunFolder()
  }
  const dropTemplate = await createPostgresTemplate()
  return async () => {
    removeRunFolder()
    // Databases a worker process kept for its next tests when it was stopped (postgresPool.ts).
    await dropPooledDatabases()
    await dropTemplate()
  }
}
