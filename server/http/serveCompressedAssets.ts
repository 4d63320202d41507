import { createReadStream, type Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
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
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const name = ASSET_PATH.exec(c.req.path)?.[1]
    const file = name ? join(root, 'assets', name) : undefined
    const raw = file ? await fileStats(file) : undefined
    if (!file || !raw) return c.text('Not found', 404, { 'Cache-Control': 'no-store' })

    const present = await Promise.all(
      VARIANTS.map(async (v) => ({ ...v, stats: await fileStats(file + v.suffix) })),
    )
    const available = present.filter((v) => v.stats)
    const negotiator = new Negotiator({ headers: { 'accept-encoding': c.req.header('accept-encoding') } })
    const rank = negotiator.encodings as RankEncodings
    const ranked = rank.call(negotiator, [...available.map((v) => v.encoding), 'identity'], { preferred: PREFERENCE })
    const chosen = available.find((v) => v.encoding === ranked[0])

    const path = chosen ? file + chosen.suffix : file
    const stats = chosen?.stats ?? raw
    c.header('Content-Type', getMimeType(name!) ?? 'application/octet-stream')
    c.header('Content-Length', String(stats.size))
    c.header('Last-Modified', raw.mtime.toUTCString())
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    if (available.length > 0) c.header('Vary', 'Accept-Encoding')
    if (chosen) c.header('Content-Encoding', chosen.encoding)
    if (c.req.method === 'HEAD') return c.body(null, 200)
    return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, 200)
  }
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
