import { unzipSync } from 'fflate'
import { AppError, invalidInput } from '../core/AppError.ts'
import { IMPORT_LIMITS } from './importLimits.ts'

/** A file of an archive that was not read, and why. */
export interface SkippedFile {
  file: string
  reason: string
}

/** What a zip holds that an import can use: its Markdown files (as text), manifest and other files, and what was left out. */
export interface ReadArchive {
  markdown: { path: string; text: string }[]
  manifest: string | null
  /** Other files (images, PDFs…), by path: they become attachments where a page links to them. */
  assets: Map<string, Uint8Array>
  skipped: SkippedFile[]
}

const MARKDOWN = /\.(md|markdown)$/iu
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Whether an entry is one an import reads as text: a Markdown file, or the manifest. */
function wanted(name: string): boolean {
  return name === 'manifest.json' || MARKDOWN.test(name)
}

/** The most bytes an entry read may have: a Markdown file's limit, or an attachment's. */
function limitOf(name: string): number {
  return wanted(name) ? IMPORT_LIMITS.maxFileBytes : IMPORT_LIMITS.maxAssetBytes
}

/** Why an entry is not taken (its path, a hidden file, its size, its depth), or null. */
function whyNot(entry: { name: string; originalSize: number }): string | null {
  const unsafe = unsafePath(entry.name)
  if (unsafe) return `Not imported: ${unsafe}.`
  if (entry.name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')) return 'A hidden or system file.'
  if (entry.originalSize > limitOf(entry.name)) return `Larger than ${limitOf(entry.name) / 1024 / 1024} MB.`
  if (entry.name.split('/').length - 1 > IMPORT_LIMITS.maxDepth) return `In more than ${IMPORT_LIMITS.maxDepth} nested folders.`
  return null
}

/** Why an entry's path is unsafe to take (absolute, `..`, a drive letter), or null. */
export function unsafePath(name: string): string | null {
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/iu.test(name)) return 'an absolute path'
  if (name.split(/[/\\]/u).includes('..')) return 'a path that leaves the archive (“..”)'
  // eslint-disable-next-line no-control-regex -- control characters in a name are a sign of a hostile archive
  if (/[\u0000-\u001f]/u.test(name)) return 'control characters in its name'
  return null
}

/**
 * Opens a zip and reads its Markdown files and other files (attachments to be), refusing the whole archive (400) when it is not a
 * zip, has too many entries or would inflate past the total limit (a zip bomb: sizes are
 * checked from the zip's directory before anything is inflated, and inflating never writes
 * past them, so a zip that lies about them is cut short). Single files that cannot be taken are listed in `skipped` with the reason.
 */
export function readArchive(bytes: Uint8Array): ReadArchive {
  const skipped: SkippedFile[] = []
  let entries = 0
  let total = 0
  let manifest: string | null = null
  let files: Record<string, Uint8Array>
  try {
    // First the zip's directory alone (a filter that takes nothing inflates nothing): a bomb
    // or an archive of too many files is refused before a byte is inflated. Images and other
    // files count apart: past the limit they are left out, not the archive refused.
    const leftOut = new Set<string>()
    let assetTotal = 0
    unzipSync(bytes, {
      filter: (entry) => {
        entries += 1
        if (entries > IMPORT_LIMITS.maxEntries) {
          throw invalidInput(`The archive holds more than ${IMPORT_LIMITS.maxEntries} entries; split it into smaller ones.`, 'too_many_files')
        }
        if (entry.name.endsWith('/') || whyNot(entry)) return false
        if (!wanted(entry.name)) {
          if (assetTotal + entry.originalSize > IMPORT_LIMITS.maxTotalBytes) leftOut.add(entry.name)
          else assetTotal += entry.originalSize
          return false
        }
        total += entry.originalSize
        if (total > IMPORT_LIMITS.maxTotalBytes) {
          throw invalidInput(`The archive would unpack to more than ${IMPORT_LIMITS.maxTotalBytes / 1024 / 1024} MB.`, 'archive_too_large')
        }
        return false
      },
    })
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (entry.name.endsWith('/')) return false
        const reason = whyNot(entry)
        if (reason) return skip(entry.name, reason)
        if (leftOut.has(entry.name)) return skip(entry.name, `Left out: the archive's images and files pass ${IMPORT_LIMITS.maxTotalBytes / 1024 / 1024} MB.`)
        return true
      },
    })
  } catch (error) {
    if (error instanceof AppError) throw error
    throw invalidInput(`That is not a readable zip archive (${error instanceof Error ? error.message : 'unreadable'}).`, 'invalid_archive')
  }

  const markdown: ReadArchive['markdown'] = []
  const assets: ReadArchive['assets'] = new Map()
  for (const [path, data] of Object.entries(files)) {
    if (!wanted(path)) {
      assets.set(path, data)
      continue
    }
    let text: string
    try {
      text = utf8.decode(data)
    } catch {
      skip(path, 'Not UTF-8 text.')
      continue
    }
    if (path === 'manifest.json') manifest = text
    else markdown.push({ path, text: text.replace(/^\uFEFF/u, '') })
  }
  markdown.sort((a, b) => a.path.localeCompare(b.path))
  return { markdown, manifest, assets, skipped }

  function skip(file: string, reason: string): false {
    skipped.push({ file, reason })
    return false
  }
}
