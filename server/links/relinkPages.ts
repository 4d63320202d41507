import { normalizeTitle } from '../../shared/wikiTitle.ts'
import type { Db } from '../core/db/Db.ts'
import { deleteAlias, deletePageAliases, upsertAlias } from './aliasQueries.ts'
import { deletePageLinks, linkedPageIds, lockLinkSource, lockLinkTitles, pageTitleKeys, reresolveLinks, type Relinked } from './linkQueries.ts'
import { notifyPageReaders, type PageNotice } from './notifyPageReaders.ts'

// Keeping links true as pages come and go. Each runs in one transaction, after the page change
// itself was committed, holding exclusive locks on the title keys it re-resolves (see
// lockLinkTitles): index runs linking to other titles of the space go on meanwhile.

/** Who must hear about re-resolved links: their pages (red/blue) and the pages they left or reached. */
function noticesFor(changed: Relinked[]): PageNotice[] {
  return changed.flatMap((c) => [
    { pageId: c.sourcePageId, type: 'links' as const },
    ...[c.oldPageId, c.newPageId].flatMap((id) => (id ? [{ pageId: id, type: 'backlinks' as const }] : [])),
  ])
}

/** A page was created: links to its title, red until now, turn blue everywhere at once. */
export async function relinkCreatedPage(db: Db, page: { pageId: string; spaceId: string; title: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const key = normalizeTitle(page.title)
    await lockLinkTitles(tx, [{ spaceId: page.spaceId, key }], 'exclusive')
    const changed = await reresolveLinks(tx, page.spaceId, [key])
    await notifyPageReaders(tx, noticesFor(changed))
  })
}

/**
 * A page was renamed: its old title becomes an alias, so links written with it keep leading
 * here; links to the new title (red until now) turn blue; the pages it links to show the new
 * title in their backlinks.
 */
export async function relinkRenamedPage(db: Db, page: { pageId: string; spaceId: string; oldTitle: string; title: string }): Promise<void> {
  const oldKey = normalizeTitle(page.oldTitle)
  const newKey = normalizeTitle(page.title)
  await db.transaction(async (tx) => {
    await lockLinkTitles(tx, [oldKey, newKey].map((key) => ({ spaceId: page.spaceId, key })), 'exclusive')
    if (oldKey !== newKey) await upsertAlias(tx, { spaceId: page.spaceId, titleKey: oldKey, title: page.oldTitle, pageId: page.pageId })
    await deleteAlias(tx, page.pageId, newKey)
    const changed = await reresolveLinks(tx, page.spaceId, [oldKey, newKey])
    const linked = await linkedPageIds(tx, page.pageId)
    await notifyPageReaders(tx, [
      ...noticesFor(changed),
      ...linked.map((id) => ({ pageId: id, type: 'backlinks' as const })),
      // Its own readers see the new title without reloading.
      { pageId: page.pageId, type: 'page' as const },
    ])
  })
}

/**
 * A page was deleted: its own links and aliases go, and links to it turn red again (or
 * lead to the page that had its title before, when there is one).
 */
export async function relinkDeletedPage(db: Db, page: { pageId: string; spaceId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    // Its own links (source lock first, as index runs take it), then every key it could be found by.
    await lockLinkSource(tx, page.pageId, 'exclusive')
    const keys = await pageTitleKeys(tx, page.pageId)
    await lockLinkTitles(tx, keys.map((key) => ({ spaceId: page.spaceId, key })), 'exclusive')
    const formerTargets = await deletePageLinks(tx, page.pageId)
    await deletePageAliases(tx, page.pageId)
    const changed = await reresolveLinks(tx, page.spaceId, [], [page.pageId])
    await notifyPageReaders(tx, [...noticesFor(changed), ...formerTargets.map((id) => ({ pageId: id, type: 'backlinks' as const }))])
  })
}
