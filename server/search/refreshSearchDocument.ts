import { hasCyrillic, toLatin } from '../../shared/transliterate.ts'
import { normalizeTitle } from '../../shared/wikiTitle.ts'
import type { Db, Queryable } from '../core/db/Db.ts'
import { deleteSearchDocument, lockSearchDocument, readSearchSource, upsertSearchDocument } from './searchDocumentQueries.ts'
import { titleKeyText } from './searchTerms.ts'

/** Bump when what a search document holds changes: start-up rebuilds older rows. */
export const SEARCH_RECIPE = 1

const MAX_ALIASES = 20
// tsvector holds at most 1 MB; text past this is not searchable (a page this long is rare).
const MAX_INDEXED_TEXT = 200_000

/** Text followed by the Latin spelling of its Cyrillic words, so a query in either script finds them. */
function withLatin(text: string): string {
  if (!hasCyrillic(text)) return text
  const cyrillicWords = new Set(text.match(/[\p{L}\p{M}]+/gu)?.filter(hasCyrillic))
  return `${text}\n${[...cyrillicWords].map(toLatin).join(' ')}`
}

/**
 * Rebuilds a page's search document from its current title, text and former titles
 * (`formerTitle` adds one, after a rename). A deleted or missing page loses its document.
 * Rebuilds of one page are serialized, so a rename and an edit cannot drop each other's change.
 */
export async function refreshSearchDocument(db: Db, pageId: string, formerTitle?: string): Promise<void> {
  await db.transaction((tx) => rebuildSearchDocument(tx, pageId, formerTitle))
}

/** refreshSearchDocument in the caller's transaction (an index run's). */
export async function rebuildSearchDocument(tx: Queryable, pageId: string, formerTitle?: string): Promise<void> {
  await lockSearchDocument(tx, pageId)
  const source = await readSearchSource(tx, pageId)
  if (!source || source.deleted) {
    await deleteSearchDocument(tx, pageId)
    return
  }
  const ownKey = normalizeTitle(source.title)
  const aliases = new Map<string, string>()
  for (const alias of [...source.aliases, ...(formerTitle ? [formerTitle] : [])]) {
    const key = normalizeTitle(alias)
    aliases.delete(key)
    if (key && key !== ownKey) aliases.set(key, alias)
  }
  const kept = [...aliases.values()].slice(-MAX_ALIASES)
  await upsertSearchDocument(tx, {
    pageId,
    spaceId: source.spaceId,
    titleKey: titleKeyText(source.title),
    aliases: kept,
    aliasKey: kept.map(titleKeyText).join(' | '),
    titleText: withLatin(source.title),
    aliasText: withLatin(kept.join('\n')),
    bodyText: withLatin(source.text.slice(0, MAX_INDEXED_TEXT)),
    recipe: SEARCH_RECIPE,
  })
}
