import { pgliteTemplate } from './pgliteTemplate.ts'

/**
 * Vitest global setup: makes the migrated PGlite template once, before any test file starts,
 * so no test spends its own time limit on PGlite's first start. Nothing to do on Postgres.
 */
export default async function pgliteTemplateSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) await pgliteTemplate()
}
