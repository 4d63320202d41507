import * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { loadDocument } from '../documents/compactDocument.ts'
import { pageNode } from '../documents/pageNode.ts'
import { listPageAuthors } from '../history/listPageAuthors.ts'
import { listAliases } from '../links/aliasQueries.ts'
import type { PageRow } from '../pages/pageQueries.ts'
import { withFrontMatter } from './frontMatter.ts'
import { sourceTexts } from './sourceTexts.ts'
import { toMarkdown } from './toMarkdown.ts'

/** A page exported: its body as Markdown, and the whole file with front matter. */
export interface ExportedPage {
  body: string
  file: string
}

/** What an export of several pages shares: the space's formatted sources, the site's origin. */
export interface PageExportContext {
  /** The space's sources formatted in its style, by id (read here when not given). */
  sources?: ReadonlyMap<string, string>
  /** The site's origin, for links to attachments. */
  origin?: string
  /** The zip paths of the attachments the page uses, for an export that carries them (attachmentFiles.ts). */
  attachmentPaths?: (srcs: string[]) => Promise<Map<string, string>>
}

/**
 * A page as a Markdown file: front matter (title, aliases, created, authors) and its content
 * as it is now (every acknowledged edit: the stored state plus the log), citations as
 * footnotes naming the source as formatted in the space's style, images and files as links
 * to their attachments on the site.
 */
export async function pageMarkdown(services: Services, page: PageRow, context: PageExportContext = {}): Promise<ExportedPage> {
  const texts = context.sources ?? await sourceTexts(services.db, page.spaceId)
  const doc = new Y.Doc({ gc: false })
  await loadDocument(services, page.id, doc)
  const content = pageNode(doc)
  const srcs: string[] = []
  content.descendants((node) => {
    if ((node.type.name === 'image' || node.type.name === 'fileAttachment') && typeof node.attrs.src === 'string') srcs.push(node.attrs.src)
  })
  const paths = srcs.length > 0 && context.attachmentPaths ? await context.attachmentPaths(srcs) : new Map<string, string>()
  const body = toMarkdown(content, { sourceText: (id) => texts.get(id), origin: context.origin, attachmentPath: (src) => paths.get(src) })
  doc.destroy()
  const aliases = (await listAliases(services.db, page.id)).map((alias) => alias.title).reverse()
  const authors = await listPageAuthors(services.db, page.id)
  const file = withFrontMatter({ title: page.title, aliases, created: page.createdAt.toISOString(), authors }, body)
  return { body, file }
}
