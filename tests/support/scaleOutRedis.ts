import { redisUrl, requirePart } from './requirements.ts'
import { onPostgres } from './testDatabase.ts'

/**
 * The Redis URL for tests of several instances over one database: they need a Postgres server
 * (PGlite is one process's) and Redis. Null when either is missing, so the tests skip; under
 * CI=true a missing one fails instead (requirePart).
 */
export async function scaleOutRedis(): Promise<string | null> {
  return requirePart(onPostgres, 'a Postgres server', 'set TEST_DATABASE_URL=postgres://…') ? await redisUrl() : null
}
