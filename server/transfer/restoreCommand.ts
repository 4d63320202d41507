// `npm run restore -- FILE`: restores a backup into the configured database, which must be
// empty (DATABASE_URL, or PGlite in DATA_DIR); see docs/TRANSFER.md.
import { parseArgs } from 'node:util'
import { loadConfig } from '../core/config.ts'
import { configuredDbTarget, openDb } from '../core/db/openDb.ts'
import { progressLine } from './progressLine.ts'
import { restoreBackup } from './restoreBackup.ts'

const { positionals } = parseArgs({ allowPositionals: true, options: {} })
if (positionals.length !== 1) {
  console.error('Usage: npm run restore -- FILE')
  process.exit(2)
}
const config = loadConfig()
const db = await openDb(configuredDbTarget(config))
const progress = progressLine('restore')
try {
  const header = await restoreBackup(db, positionals[0], { onProgress: progress })
  progress.end()
  const rows = Object.values(header.tables).reduce((sum, n) => sum + n, 0)
  console.log(`Restored ${rows} rows from ${positionals[0]} (${header.space ? `the space “${header.space}”` : 'everything'}, backed up ${header.createdAt}).`)
} catch (error) {
  progress.end()
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await db.close()
}
