import { lstatSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the server keeps Node's module compile cache: a folder of the temp dir that only this
 * user may write, or none (undefined: no cache) when it cannot be made so. Node's own default,
 * `node-compile-cache` in the temp dir, is a folder any local user can create first, and whoever
 * can write there can plant compiled code (or, for TypeScript, the stripped source) that the
 * server would run. So the folder is made with mode 0700 and used only if it is a real folder
 * (not a link), owned by this user, that nobody else may write into.
 */
export function compileCacheDirectory(temp: string = tmpdir()): string | undefined {
  const uid = process.getuid?.()
  if (uid === undefined) return undefined
  const folder = join(temp, `palimpsest-compile-cache-${uid}`)
  try {
    mkdirSync(folder, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined
  }
  try {
    const found = lstatSync(folder)
    return found.isDirectory() && found.uid === uid && (found.mode & 0o022) === 0 ? folder : undefined
  } catch {
    return undefined
  }
}
