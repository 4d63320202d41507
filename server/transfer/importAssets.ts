import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { prepareAttachment, type PreparedAttachment } from '../attachments/prepareAttachment.ts'
import { AppError } from '../core/AppError.ts'
import { fromMarkdown } from './fromMarkdown.ts'
import type { SkippedFile } from './readArchive.ts'

/** A file of the archive checked and ready to become an attachment of the pages that link to it. */
export interface ReadyAsset {
  name: string
  sha256: string
  size: number
  prepared: PreparedAttachment
}

/**
 * The file of the archive (among `paths`) a link in the file at `from` leads to: its relative
 * path, else — as Obsidian finds an embed's file — the only file of that name anywhere.
 */
export function assetLookup(paths: Iterable<string>): (from: string, href: string) => string | null {
  const all = new Set(paths)
  const byName = new Map<string, string | null>()
  for (const path of all) {
    const name = posix.basename(path).toLowerCase()
    byName.set(name, byName.has(name) ? null : path)
  }
  return (from, href) => {
    const path = assetPathOf(from, href)
    if (path && all.has(path)) return path
    return path ? byName.get(posix.basename(path).toLowerCase()) ?? null : null
  }
}

/** The archive path a link in the file at `from` leads to, or null for a web address or a path that leaves the archive. */
function assetPathOf(from: string, href: string): string | null {
  let target = href
  try { target = decodeURIComponent(href) } catch { /* keep it as written */ }
  target = target.replace(/[?#].*$/u, '')
  if (!target || /^[a-z][a-z0-9+.-]*:/iu.test(target) || target.startsWith('/')) return null
  const path = posix.normalize(posix.join(posix.dirname(from), target))
  return path.startsWith('../') || path === '..' ? null : path
}

/**
 * Checks the archive's files that pages show as an image or a file block (alone in their
 * paragraph) the way an upload is checked — type from the bytes, images re-encoded by sharp,
 * the upload size limit — and lists the others as skipped, with the reason. The bytes wait in a
 * temporary folder until `discard`.
 */
export async function prepareAssets(
  markdown: { path: string; text: string }[], assets: Map<string, Uint8Array>, maxUploadBytes: number,
): Promise<{ ready: Map<string, ReadyAsset>; skipped: SkippedFile[]; discard: () => Promise<void> }> {
  const ready = new Map<string, ReadyAsset>()
  const skipped: SkippedFile[] = []
  const used = new Set<string>()
  const lookup = assetLookup(assets.keys())
  if (assets.size > 0) {
    for (const file of markdown) {
      fromMarkdown(file.text, {
        resolveAsset: (href) => {
          const path = lookup(file.path, href)
          if (path) used.add(path)
          return null
        },
      })
    }
  }
  for (const path of assets.keys()) if (!used.has(path)) skipped.push({ file: path, reason: 'Not a Markdown file, and no page shows it as an image or a file.' })
  if (used.size === 0) return { ready, skipped, discard: async () => {} }
  const dir = await mkdtemp(join(tmpdir(), 'palimpsest-import-'))
  let n = 0
  for (const path of used) {
    const bytes = assets.get(path)!
    if (bytes.length > maxUploadBytes) {
      skipped.push({ file: path, reason: `Larger than ${Math.floor(maxUploadBytes / (1024 * 1024))} MiB, the most one upload may be.` })
      continue
    }
    const file = join(dir, String(n += 1))
    await writeFile(file, bytes)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    try {
      ready.set(path, { name: posix.basename(path).slice(0, 255), sha256, size: bytes.length, prepared: await prepareAttachment(file, bytes.length, sha256) })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      skipped.push({ file: path, reason: `Not attached: ${error.message}` })
    }
  }
  return { ready, skipped, discard: () => rm(dir, { recursive: true, force: true }) }
}
