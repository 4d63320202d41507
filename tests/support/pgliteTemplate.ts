import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, migrationFiles } from '../../server/core/db/migrate.ts'
import { openDb } from '../../server/core/db/openDb.ts'

const READY = 'palimpsest-template-ready'

/** The PGlite build that writes a template's files. */
function pgliteVersion(): string {
  const pglite = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)
  return JSON.parse(readFileSync(pglite, 'utf8')).version as string
}

/** What a migrated template depends on: the PGlite build and the migrations. */
function templateKey(): string {
  const hash = createHash('sha256').update(pgliteVersion())
  for (const { name, sql } of migrationFiles()) hash.update(name).update(sql)
  return hash.digest('hex').slice(0, 16)
}

/**
 * Makes the folder `target` once: `build` fills a new folder in the temp dir, which then takes the
 * name. Several processes may race to make it; the first rename wins, and a half-made folder left
 * by a killed run is made again.
 */
async function madeOnce(target: string, build: (folder: string) => Promise<void>): Promise<string> {
  if (existsSync(join(target, READY))) return target
  const building = mkdtempSync(join(tmpdir(), 'palimpsest-pglite-building-'))
  await build(building)
  writeFileSync(join(building, READY), '')
  try {
    renameSync(building, target)
  } catch {
    rmSync(building, { recursive: true, force: true })
    if (!existsSync(join(target, READY))) {
      rmSync(target, { recursive: true, force: true })
      return madeOnce(target, build)
    }
  }
  return target
}

/**
 * An empty PGlite data folder as PGlite's first start leaves it (its initdb, no migration applied):
 * that first start takes several seconds of CPU, a start over a copy about one. Kept in the temp
 * dir per PGlite build.
 */
export function pgliteBareTemplate(): Promise<string> {
  return madeOnce(join(tmpdir(), `palimpsest-pglite-bare-${pgliteVersion()}`), async (folder) => {
    const db = await openDb({ dataDir: folder })
    await db.close()
  })
}

/**
 * A migrated, empty PGlite data folder that tests copy instead of creating their own: the bare
 * template with every migration applied. Made once per set of migrations and kept in the temp dir.
 */
export async function pgliteTemplate(): Promise<string> {
  const bare = await pgliteBareTemplate()
  return madeOnce(join(tmpdir(), `palimpsest-pglite-template-${templateKey()}`), async (folder) => {
    cpSync(bare, folder, { recursive: true })
    rmSync(join(folder, READY))
    const db = await openDb({ dataDir: folder })
    try {
      await migrate(db)
    } finally {
      await db.close()
    }
  })
}
