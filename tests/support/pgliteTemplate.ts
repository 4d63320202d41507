import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, migrationFiles } from '../../server/core/db/migrate.ts'
import { openDb } from '../../server/core/db/openDb.ts'

const READY = 'palimpsest-template-ready'

/** What a template depends on: the migrations and the PGlite build that wrote its files. */
function templateKey(): string {
  const hash = createHash('sha256')
  const pglite = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)
  hash.update(JSON.parse(readFileSync(pglite, 'utf8')).version)
  for (const { name, sql } of migrationFiles()) hash.update(name).update(sql)
  return hash.digest('hex').slice(0, 16)
}

/**
 * A migrated, empty PGlite data folder that tests copy instead of creating their own: PGlite's
 * first start (its initdb) takes several seconds, a copy a fraction of one. Made once per set of
 * migrations and kept in the temp dir; several processes may race to make it, the first rename wins.
 */
export async function pgliteTemplate(): Promise<string> {
  const target = join(tmpdir(), `palimpsest-pglite-template-${templateKey()}`)
  if (existsSync(join(target, READY))) return target
  const building = mkdtempSync(join(tmpdir(), 'palimpsest-pglite-building-'))
  const db = await openDb({ dataDir: building })
  try {
    await migrate(db)
  } finally {
    await db.close()
  }
  writeFileSync(join(building, READY), '')
  try {
    renameSync(building, target)
  } catch {
    // Another process finished first (or a half-made folder from a killed run is in the way).
    rmSync(building, { recursive: true, force: true })
    if (!existsSync(join(target, READY))) {
      rmSync(target, { recursive: true, force: true })
      return pgliteTemplate()
    }
  }
  return target
}
