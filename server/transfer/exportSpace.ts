import { strToU8, zipSync, type Zippable } from 'fflate'
import type { Services } from '../core/Services.ts'
import { listPages } from '../pages/pageQueries.ts'
import { AttachmentFiles } from './attachmentFiles.ts'
import { fileNameFor } from './fileNameFor.ts'
import { pageMarkdown } from './pageMarkdown.ts'
import { sourceTexts } from './sourceTexts.ts'

/** The manifest's format name and version: an import checks them (docs/TRANSFER.md). */
export const SPACE_EXPORT_FORMAT = { format: 'palimpsest-space', version: 1 } as const

/**
 * A space as a zip: one Markdown file per live page (front matter, wiki links as `[[Title]]`,
 * images and files as relative links to the attachments it carries, `attachments/<sha256>.<ext>`)
 * and `manifest.json` listing the space and its pages with their place in the tree.
 */
export async function exportSpace(services: Services, space: { id: string; slug: string; name: string }, origin?: string): Promise<Uint8Array> {
  const pages = (await listPages(services.db, space.id)).sort((a, b) => a.title.localeCompare(b.title))
  const byId = new Map(pages.map((page) => [page.id, page]))
  const files: Zippable = {}
  const taken = new Set<string>(['manifest.json'])
  const listed = []
  const sources = await sourceTexts(services.db, space.id)
  const attachments = new AttachmentFiles(services.db, space.id)
  const attachmentPaths = (srcs: string[]) => attachments.pathsOf(srcs)
  for (const page of pages) {
    const name = fileNameFor(page.title, taken)
    files[name] = strToU8((await pageMarkdown(services, page, { sources, origin, attachmentPaths })).file)
    const parent = page.parentId ? byId.get(page.parentId) : undefined
    listed.push({ file: name, title: page.title, parent: parent?.title ?? null, position: page.position })
  }
  // Images and most files are compressed already: stored as they are.
  for (const [path, bytes] of attachments.files) files[path] = [bytes, { level: 0 }]
  const manifest = { ...SPACE_EXPORT_FORMAT, space: { name: space.name, slug: space.slug }, exportedAt: new Date().toISOString(), pages: listed }
  files['manifest.json'] = strToU8(`${JSON.stringify(manifest, null, 2)}\n`)
  return zipSync(files, { level: 6 })
}
