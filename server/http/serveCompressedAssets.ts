import type { Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { MiddlewareHandler } from 'hono'
import { getMimeType } from 'hono/utils/mime'
import Negotiator from 'negotiator'

/**
 * A built file's name under /assets/: Vite writes flat, hashed names of letters, digits, `-`,
 * `_` and dots. Anything else (a slash, a backslash, a percent escape, a leading dot) is not
 * one of ours, so a traversal never reaches the file system.
 */
const ASSET_PATH = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9._-]{0,254})$/

/** The build writes `.br` and `.gz` beside each compressible file (vite.config.ts). */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const

/** On equal quality values, Brotli (smaller) before gzip before the raw file. */
const PREFERENCE = ['br', 'gzip', 'identity'] as const

// negotiator 1.x takes a server preference for ties; its published types predate that argument.
type RankEncodings = (available: readonly string[], options: { preferred: readonly string[] }) => string[]

/**
 * Serves the client's hashed files: the precompressed Brotli or gzip copy the request accepts
 * (Vary: Accept-Encoding), else the raw file; cached for a year as immutable, since a changed
 * file gets a new name. A name that is not a built file is a 404, never the app's index.html,
 * so a stale page asking for a replaced chunk fails clearly instead of parsing HTML as script.
 */
export function serveCompressedAssets(root: string): MiddlewareHandler {
  // What the folder holds under each built name, looked up once: a built name never changes
  // content, and each request asked three times (the file, its .br, its .gz; a missing copy by a
  // thrown ENOENT). Only names that exist are kept, so made-up names cannot grow the map. A
  // rebuild deletes the old names: the file is opened before anything is answered, and one that
  // is gone is forgotten and answered 404.
  const known = new Map<string, BuiltFile>()
  const lookUp = async (name: string): Promise<BuiltFile | undefined> => {
    const cached = known.get(name)
    if (cached) return cached
    const file = join(root, 'assets', name)
    const raw = await fileStats(file)
    if (!raw) return undefined
    const present = await Promise.all(VARIANTS.map(async (v) => ({ ...v, stats: await fileStats(file + v.suffix) })))
    const found: BuiltFile = { file, raw, variants: present.flatMap((v) => (v.stats ? [{ ...v, stats: v.stats }] : [])) }
    known.set(name, found)
    return found
  }

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const name = ASSET_PATH.exec(c.req.path)?.[1]
    const found = name ? await lookUp(name) : undefined
    const notFound = () => c.text('Not found', 404, { 'Cache-Control': 'no-store' })
    if (!name || !found) return notFound()

    const { file, raw, variants: available } = found
    const negotiator = new Negotiator({ headers: { 'accept-encoding': c.req.header('accept-encoding') } })
    const rank = negotiator.encodings as RankEncodings
    const ranked = rank.call(negotiator, [...available.map((v) => v.encoding), 'identity'], { preferred: PREFERENCE })
    const chosen = available.find((v) => v.encoding === ranked[0])

    const path = chosen ? file + chosen.suffix : file
    const stats = chosen?.stats ?? raw
    const handle = await open(path).catch(() => undefined)
    if (!handle) {
      known.delete(name)
      return notFound()
    }
    c.header('Content-Type', getMimeType(name) ?? 'application/octet-stream')
    c.header('Content-Length', String(stats.size))
    c.header('Last-Modified', raw.mtime.toUTCString())
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    if (available.length > 0) c.header('Vary', 'Accept-Encoding')
    if (chosen) c.header('Content-Encoding', chosen.encoding)
    if (c.req.method === 'HEAD') {
      await handle.close()
      return c.body(null, 200)
    }
    return c.body(Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>, 200)
  }
}

/** A built file found under /assets/, with the precompressed copies beside it. */
interface BuiltFile {
  file: string
  raw: Stats
  variants: Array<{ encoding: (typeof VARIANTS)[number]['encoding'], suffix: string, stats: Stats }>
}

/** A regular file's stats, or undefined when there is none. */
async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path)
    return stats.isFile() ? stats : undefined
  } catch {
    return undefined
  }
}
