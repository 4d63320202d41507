// The server's start-up, loaded by main.ts once Node's module compile cache is on.
import { ConfigError, loadConfig } from './core/config.ts'
import { createPalimpsest } from './createPalimpsest.ts'
import { features } from './features.ts'
import { openConfiguredDb } from './openConfiguredDb.ts'

/** Stops start-up with a one-line message: a bad setting, or a database that does not answer. */
function fail(message: string, code: number): never {
  console.error(message)
  process.exit(code)
}

// Start-up: config → database → migrations → seed → HTTP + collaboration on one port.
let config
try {
  config = loadConfig()
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2)
  throw error
}

const db = await openConfiguredDb(config).catch((error: Error) =>
  fail(`Cannot open the database (${config.databaseUrl ? 'DATABASE_URL' : `DATA_DIR=${config.dataDir}`}): ${error.message}`, 1))
// Features read settings of their own (REVISION_*): a bad one stops start-up the same way.
const server = await Promise.resolve().then(() => createPalimpsest(config, db, features())).catch((error: Error) => {
  if (error instanceof ConfigError) fail(error.message, 2)
  throw error
})
const { logger } = server.services

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'))
process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'))

if (config.seed) {
  const seeded = await server.seed()
  if (seeded) logger.info({ pages: seeded.pages }, 'seeded the encyclopedia')
}

const url = await server.listen()
console.log(`Palimpsest is running at ${url}`)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: storing every document')
    server.close().then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    })
  })
}
