import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/** PGlite's WebAssembly, compiled, and the files it unpacks at start (both exported by the package). */
export interface PgliteRuntime {
  pgliteWasmModule: WebAssembly.Module
  fsBundle: Blob
}

const require = createRequire(import.meta.url)
let loaded: Promise<PgliteRuntime> | undefined

/**
 * PGlite's runtime, compiled and read once per process and then handed to every embedded database
 * it opens (each in a worker thread of its own, see PgliteWorkerDb). A worker left to load PGlite's
 * own compiled the 9 MB module again at every open, about 0.6 s of CPU (V8 reuses compiled code
 * only while a module of the same bytes is alive in the process, and a closed worker's is not);
 * a compiled module passed to a worker shares its code, and the bundle is a Blob, whose bytes are
 * not copied either. Kept for the life of the process, as the module's code is.
 */
export function pgliteRuntime(): Promise<PgliteRuntime> {
  if (!loaded) {
    loaded = (async () => {
      const [wasm, data] = await Promise.all([
        readFile(require.resolve('@electric-sql/pglite/pglite.wasm')),
        readFile(require.resolve('@electric-sql/pglite/pglite.data')),
      ])
      return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) }
    })()
    // A failure (a missing file, say) is not kept: the next open tries again.
    loaded.catch(() => { loaded = undefined })
  }
  return loaded
}
