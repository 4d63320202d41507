// `npm run backup -- --out FILE [--space SLUG]`: writes a backup of the configured database
// (DATABASE_URL, or PGlite in DATA_DIR) with every page's full history; see docs/TRANSFER.md.
import { parseArgs } from 'node:util'
import { loadConfig } from '../core/config.ts'
import { configuredDbTarget, openDb } from '../core/db/openDb.ts'
import { progressLine } from './progressLine.ts'
import { writeBackup } from './writeBackup.ts'

const { values } = parseArgs({ options: { out: { type: 'string' }, space: { type: 'string' } } })
if (!values.out) {
  console.error('Usage: npm run backup -- --out FILE [--space SLUG]')
  process.exit(2)
}
const config = loadConfig()
const db = await openDb(configuredDbTarget(config))
const progress = progressLine('backup')
try {
  const header = await writeBackup(db, values.out, { space: values.space, onProgress: progress })
  progress.end()
  const rows = Object.values(header.tables).reduce((sum, n) => sum + n, 0)
  console.log(`Wrote ${values.out}: ${header.space ? `the space “${header.space}”` : 'everything'}, ${rows} rows in ${Object.keys(header.tables).length} tables.`)
} catch (error) {
  progress.end()
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await db.close()
}
