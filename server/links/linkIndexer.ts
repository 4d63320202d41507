import type { DocumentIndexer, SkipCheck } from '../core/DocumentIndexer.ts'
import { oncePerNode } from '../core/oncePerNode.ts'
import type { Queryable } from '../core/db/Db.ts'
import type { IndexerServices } from '../core/Services.ts'
import { findSpaceBySlug } from '../spaces/spaceQueries.ts'
import { extractLinks, type ExtractedLink } from './extractLinks.ts'
import {
  deletePageLinks, findLiveSourcePage, lockLinkSource, lockLinkTitles, pageHasLinks, readPageLinks, replacePageLinks, resolveTitleKeys, titleKeyOf, type LinkRow,
} from './linkQueries.ts'
import { notifyPageReaders } from './notifyPageReaders.ts'
import { cachedLookup, placeTarget } from './placeTarget.ts'

/**
 * The link indexer: keeps a page's rows in `links` equal to the wiki links of its document
 * (run within a second of every change, and for seeded pages), and tells the open pages
 * whose backlinks changed, and (event `linksChanged`) the open maps of the space. Writes
 * nothing when the links are as stored.
 */
export function linkIndexer(services: IndexerServices): DocumentIndexer {
  const extract = oncePerNode(extractLinks)
  const links: DocumentIndexer = async ({ pageId, node, tx, afterCommit }) => {
    const changedIn = await storePageLinks(tx, pageId, extract(node))
    if (changedIn) afterCommit(() => services.events.emit('linksChanged', { pageId, spaceId: changedIn }))
  }
  // A page without links, which has none stored, would only take its locks to confirm it. Only
  // its own runs store its links, and they take turns: nothing can appear between look and skip.
  return Object.assign(links, {
    canSkip: async ({ pageId, node, db }: SkipCheck) => extract(node).length === 0 && !(await pageHasLinks(db, pageId)),
  })
}

/**
 * Stores a page's links in the caller's transaction; a deleted page keeps none. Resolves to
 * the page's space when its links changed, else null.
 */
export async function storePageLinks(tx: Queryable, pageId: string, extracted: ExtractedLink[]): Promise<string | null> {
  // Shared locks only (see lockLinkTitles): index runs of a space run side by side.
  await lockLinkSource(tx, pageId, 'shared')
  const source = await findLiveSourcePage(tx, pageId)
  if (!source) {
    await deletePageLinks(tx, pageId)
    return null
  }
  const findSpaceId = cachedLookup(async (slug) => (await findSpaceBySlug(tx, slug, null))?.id ?? null)
  const placed = []
  for (const link of extracted) {
    const target = await placeTarget(link.target, source.spaceId, findSpaceId)
    if (target) placed.push({ link, target })
  }
  const titles = placed.map((p) => ({ spaceId: p.target.space, key: p.target.key }))
  await lockLinkTitles(tx, titles, 'shared')
  const resolved = await resolveTitleKeys(tx, titles)
  const rows: LinkRow[] = placed.map(({ link, target }, position) => ({
    position,
    targetSpaceId: target.space,
    targetTitle: target.title,
    targetKey: target.key,
    targetPageId: resolved.get(titleKeyOf(target.space, target.key))?.id ?? null,
    label: link.label,
    snippet: link.snippet.text,
    snippetFrom: link.snippet.from,
    snippetTo: link.snippet.to,
  }))
  const before = await readPageLinks(tx, pageId)
  if (sameRows(before, rows)) return null
  await replacePageLinks(tx, pageId, rows)
  await notifyPageReaders(tx, changedTargets(before, rows).map((id) => ({ pageId: id, type: 'backlinks' })))
  return source.spaceId
}

/** A link row as a comparable string. */
function rowKey(row: LinkRow): string {
  return JSON.stringify([row.position, row.targetSpaceId, row.targetTitle, row.targetKey, row.targetPageId,
    row.label, row.snippet, row.snippetFrom, row.snippetTo])
}

function sameRows(a: LinkRow[], b: LinkRow[]): boolean {
  return a.length === b.length && a.every((row, i) => rowKey(row) === rowKey(b[i]))
}

/** The pages whose backlink from this source looks different now: gained, lost or re-worded. */
function changedTargets(before: LinkRow[], after: LinkRow[]): string[] {
  const seen = (rows: LinkRow[]) => {
    const byTarget = new Map<string, string>()
    for (const row of rows) {
      if (!row.targetPageId) continue
      const shown = JSON.stringify([row.label, row.snippet, row.snippetFrom, row.snippetTo])
      byTarget.set(row.targetPageId, `${byTarget.get(row.targetPageId) ?? ''}${shown}`)
    }
    return byTarget
  }
  const old = seen(before)
  const now = seen(after)
  return [...new Set([...old.keys(), ...now.keys()])].filter((id) => old.get(id) !== now.get(id))
}
