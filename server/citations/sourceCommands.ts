import { CITATION_STYLES, type CitationStyle, type CslItem } from '../../shared/citations/citationTypes.ts'
import type { Actor } from '../core/Actor.ts'
import { conflict, notFound } from '../core/AppError.ts'
import type { Db } from '../core/db/Db.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import { listCitingPages } from './citationQueries.ts'
import { cleanCsl, parseSources, type SourceImport } from './parseSources.ts'
import { deleteSource, findSource, insertSources, readSourceStyle, updateSource, writeSourceStyle, type SourceRow } from './sourceQueries.ts'

/** Imports BibTeX, RIS or CSL-JSON into a space's library (editors); all entries or none. */
export async function importSources(db: Db, actor: Actor, spaceId: string, input: SourceImport): Promise<SourceRow[]> {
  const { space } = await authorizeSpace(db, actor, spaceId, 'edit')
  const items = parseSources(input)
  return insertSources(db, space.id, items)
}

/** Adds one source by hand (editors). */
export async function createSource(db: Db, actor: Actor, spaceId: string, csl: CslItem): Promise<SourceRow> {
  const { space } = await authorizeSpace(db, actor, spaceId, 'edit')
  const [row] = await insertSources(db, space.id, [cleanCsl(csl)])
  return row
}

/** Replaces a source's CSL-JSON item (editors). */
export async function changeSource(db: Db, actor: Actor, spaceId: string, sourceId: string, csl: CslItem): Promise<SourceRow> {
  const { space } = await authorizeSpace(db, actor, spaceId, 'edit')
  const row = await updateSource(db, space.id, sourceId, cleanCsl(csl))
  if (!row) throw notFound('That source')
  return row
}

/**
 * Deletes a source (editors), unless a page of the space cites it: then 409 `source_cited`,
 * naming the pages. The source row is locked while the citations are read.
 */
export async function removeSource(db: Db, actor: Actor, spaceId: string, sourceId: string): Promise<void> {
  const { space } = await authorizeSpace(db, actor, spaceId, 'edit')
  await db.transaction(async (tx) => {
    if (!(await findSource(tx, space.id, sourceId, true))) throw notFound('That source')
    const citing = await listCitingPages(tx, space.id, sourceId)
    if (citing.length > 0) {
      const titles = citing.map((p) => `“${p.title}”`).join(', ')
      throw conflict(`This source is cited by ${citing.length === 1 ? 'a page' : `${citing.length} pages`}: ${titles}. Remove those citations first.`, 'source_cited')
    }
    await deleteSource(tx, space.id, sourceId)
  })
}

/** The citation style of a space: the one its owners picked, or the default. */
export async function sourceStyleOf(db: Db, spaceId: string): Promise<CitationStyle> {
  const style = await readSourceStyle(db, spaceId)
  return (CITATION_STYLES as readonly string[]).includes(style ?? '') ? style as CitationStyle : CITATION_STYLES[0]
}

/** Picks a space's citation style (owners). */
export async function pickSourceStyle(db: Db, actor: Actor, spaceId: string, style: CitationStyle): Promise<void> {
  const { space } = await authorizeSpace(db, actor, spaceId, 'manage')
  await writeSourceStyle(db, space.id, style)
}
