import { pgliteTemplate } from './pgliteTemplate.ts'
import { createPostgresTemplate } from './postgresTemplate.ts'

/**
 * Vitest global setup: makes the migrated template once, before any test file starts, so no test
 * spends its own time limit migrating: a PGlite data folder, or a Postgres database when the run
 * has a server (dropped again when the run ends).
 */
export default async function templateSetup(): Promise<(() => Promise<void>) | undefined> {
  if (!process.env.TEST_DATABASE_URL) {
    await pgliteTemplate()
    return undefined
  }
  return createPostgresTemplate()
}
