import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'

// bigint and count(*) come back as JavaScript numbers, as from the Postgres server.
const parsers = { 20: (value: string) => Number(value) }

/** An embedded Postgres with the extensions the migrations use, in `dataDir` or in memory. */
export function createPglite(dataDir?: string): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { pg_trgm, unaccent }, parsers })
}
