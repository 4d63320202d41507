import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compileCacheDirectory } from '../../../server/core/compileCacheDirectory.ts'

const temps: string[] = []
afterEach(() => { for (const temp of temps.splice(0)) rmSync(temp, { recursive: true, force: true }) })

/** A temp dir standing for the machine's, and the folder the server would use in it. */
function temp(): { temp: string; folder: string } {
  const made = mkdtempSync(join(tmpdir(), 'palimpsest-cache-dir-'))
  temps.push(made)
  return { temp: made, folder: join(made, `palimpsest-compile-cache-${process.getuid!()}`) }
}

describe.skipIf(process.getuid === undefined)('the compile cache\'s folder', () => {
  it('is made in the temp dir for this user alone (mode 0700), and used again on the next start', () => {
    const { temp: at, folder } = temp()
    expect(compileCacheDirectory(at)).toBe(folder)
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(compileCacheDirectory(at)).toBe(folder)
  })

  it('is not used when others may write into it', () => {
    const { temp: at, folder } = temp()
    mkdirSync(folder)
    chmodSync(folder, 0o777)
    expect(compileCacheDirectory(at)).toBeUndefined()
  })

  it('is not used when it is a link planted to a folder elsewhere', () => {
    const { temp: at, folder } = temp()
    mkdirSync(join(at, 'elsewhere'), { mode: 0o700 })
    symlinkSync(join(at, 'elsewhere'), folder)
    expect(compileCacheDirectory(at)).toBeUndefined()
  })

  it.runIf(process.getuid?.() === 0)('is not used when another user made it first', () => {
    const { temp: at, folder } = temp()
    mkdirSync(folder, { mode: 0o700 })
    chownSync(folder, 65534, 65534)
    expect(compileCacheDirectory(at)).toBeUndefined()
  })
})
