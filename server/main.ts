// `npm run serve` (and `npm start` once the client is built): the server's entry point.
//
// Node keeps the compiled code of the modules it loads on disk between starts (its module compile
// cache, in a folder of the temp dir only this user may write, or where NODE_COMPILE_CACHE says),
// so a restart, after a crash say, loads the server in about two thirds of the CPU. The cache only
// serves modules loaded after it is on, hence the start-up proper (serve.ts) imported below rather
// than above; the environment variable hands it on to the embedded database's worker thread.
import { enableCompileCache, flushCompileCache } from 'node:module'
import { compileCacheDirectory } from './core/compileCacheDirectory.ts'

// With NODE_COMPILE_CACHE set, Node turned the cache on itself before this ran.
const directory = process.env.NODE_COMPILE_CACHE ? undefined : compileCacheDirectory()
if (directory) {
  enableCompileCache(directory)
  process.env.NODE_COMPILE_CACHE = directory
}
await import('./serve.ts')
// Node writes the cache when the process exits by itself, which a server does not: it is stopped
// by a signal, or killed. So it is written as soon as the server listens.
flushCompileCache()
