import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts'
import { createPgliteTestDatabase, type TestDatabase } from '../support/testDatabase.ts'

// A temp dir of this file's own, where the server makes its cache folder (compileCacheDirectory).
const temp = mkdtempSync(join(tmpdir(), 'palimpsest-compile-cache-test-'))
let database: TestDatabase | undefined
const servers: SpawnedServer[] = []

afterAll(async () => {
  for (const server of servers) await server.kill('SIGKILL')
  await database?.drop()
  rmSync(temp, { recursive: true, force: true })
})

/** Files in the compile cache under `temp` (one per module compiled). */
function cachedModules(): string[] {
  try {
    return readdirSync(join(temp, `palimpsest-compile-cache-${process.getuid!()}`), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name)
  } catch {
    return []
  }
}

describe('start-up', () => {
  it('keeps the compiled server in Node\'s compile cache, written while it runs (not at an exit a killed server never reaches), and starts again over it', async () => {
    database = await createPgliteTestDatabase()
    // NODE_COMPILE_CACHE empty: the server turns the cache on itself, in a folder of the temp dir.
    const env = { TMPDIR: temp, NODE_COMPILE_CACHE: '' }
    const first = await spawnServer(database, env)
    servers.push(first)
    // The server, its dependencies and the database's worker: well over a hundred modules.
    await expect.poll(() => cachedModules().length, { timeout: 20_000 }).toBeGreaterThan(100)
    expect(await first.kill('SIGKILL')).toBe('SIGKILL')

    const second = await spawnServer(database, env)
    servers.push(second)
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200)
  })
})
