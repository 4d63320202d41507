import * as Y from 'yjs'
import type { Services } from '../core/Services.ts'
import { loadDocument } from '../documents/compactDocument.ts'
import { pageNode } from '../documents/pageNode.ts'
import { listPageAuthors } from '../history/listPageAuthors.ts'
import { listAliases } from '../links/aliasQueries.ts'
import type { PageRow } from '../pages/pageQueries.ts'
import { withFrontMatter } from './frontMatter.ts'
import { toMarkdown } from './toMarkdown.ts'

/** A page exported: its body as Markdown, and the whole file with front matter. */
export interface ExportedPage {
  body: string
  file: string
}

/**
 * A page as a Markdown file: front matter (title, aliases, created, authors) and its content
 * as it is now (every acknowledged edit: the stored state plus the log).
 */
export async function pageMarkdown(services: Services, page: PageRow): Promise<ExportedPage> {
  const doc = new Y.Doc({ gc: false })
  await loadDocument(services, page.id, doc)
  const body = toMarkdown(pageNode(doc))
  doc.destroy()
  const aliases = (await listAliases(services.db, page.id)).map((alias) => alias.title).reverse()
  const authors = await listPageAuthors(services.db, page.id)
  const file = withFrontMatter({ title: page.title, aliases, created: page.createdAt.toISOString(), authors }, body)
  return { body, file }
}
