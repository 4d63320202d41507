import { afterEach, describe, expect, it } from 'vitest'
import { PgliteWorkerDb } from '../../../server/core/db/PgliteWorkerDb.ts'
import { pgliteRuntime } from '../../../server/core/db/pgliteRuntime.ts'
import { createPgliteTestDatabase, type TestDatabase } from '../../support/testDatabase.ts'

// PGlite's WebAssembly compiled once per process and handed to each embedded database it opens.
const databases: TestDatabase[] = []
const opened: PgliteWorkerDb[] = []

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  for (const database of databases.splice(0)) await database.drop()
})

async function folder(): Promise<string> {
  const database = await createPgliteTestDatabase()
  databases.push(database)
  return (database.target as { dataDir: string }).dataDir
}

describe('PGlite\'s runtime', () => {
  it('is compiled once per process, from the files the package exports', async () => {
    const runtime = await pgliteRuntime()
    expect(await pgliteRuntime()).toBe(runtime)
    // The module is PGlite's (it exports the memory and the entry points PGlite calls).
    const exported = WebAssembly.Module.exports(runtime.pgliteWasmModule).map((entry) => entry.name)
    expect(exported.length).toBeGreaterThan(100)
    expect(runtime.fsBundle.size).toBeGreaterThan(1_000_000)
  })

  it('serves databases opened one after the other, each in its own worker with its own data', async () => {
    const [a, b] = [await PgliteWorkerDb.open(await folder()), await PgliteWorkerDb.open(await folder())]
    opened.push(a, b)
    await a.exec('CREATE TABLE only_in_a (n int)')
    expect(await b.query(`SELECT to_regclass('only_in_a') AS t`)).toEqual([{ t: null }])
    expect(await a.query(`SELECT count(*) AS n FROM only_in_a`)).toEqual([{ n: 0 }])
  })

  it('reaches PGlite: a database given a runtime without its files does not open', async () => {
    const { pgliteWasmModule } = await pgliteRuntime()
    await expect(PgliteWorkerDb.open(await folder(), { runtime: { pgliteWasmModule, fsBundle: new Blob([]) } })).rejects.toThrow()
  })
})
