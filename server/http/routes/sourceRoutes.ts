import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { CITATION_STYLES } from '../../../shared/citations/citationTypes.ts'
import { citationStyleBody, importSourcesBody, sourceBody } from '../../../shared/citations/sourceSchemas.ts'
import { listCitingPages, listPagesNeedingCitations, listUncitedPages } from '../../citations/citationQueries.ts'
import { exportBibtex, exportCsl } from '../../citations/exportSources.ts'
import { formatSources } from '../../citations/formatSources.ts'
import { changeSource, createSource, importSources, pickSourceStyle, removeSource, sourceStyleOf } from '../../citations/sourceCommands.ts'
import { findSource, findSources, listSources, type SourceRow } from '../../citations/sourceQueries.ts'
import { notFound } from '../../core/AppError.ts'
import type { Services } from '../../core/Services.ts'
import { authorizeSpace } from '../../policies/authorize.ts'
import { answers, BODY_REFUSALS } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { jsonBody } from '../jsonBody.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Sources']
const space = { params: pathParams('spaceId') }
const source = { params: pathParams('spaceId', 'sourceId') }
const exportQuery = z.object({ format: z.enum(['bibtex', 'csl']).default('csl') })
const formattedQuery = z.object({
  id: z.union([z.string().max(64), z.array(z.string().max(64)).max(500, 'At most 500 sources at once.')]).transform((id) => (Array.isArray(id) ? id : [id])),
})

const present = (row: SourceRow) => ({ id: row.id, csl: row.csl })

/**
 * The source library of a space: its sources (CSL-JSON), import and export, formatting in
 * the space's citation style, what cites each source, and the citation-needed maintenance
 * view. Readers of the space read; editors change sources; owners pick the style.
 */
export function sourceRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/sources', tags, summary: 'The space’s sources, in the order they were added',
      request: space,
      responses: answers({ 200: '`[{id, csl}]`: CSL-JSON items.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json((await listSources(db, found.space.id)).map(present))
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces/{spaceId}/sources', tags, summary: 'Adds a source by hand (editors)',
      request: { ...space, body: jsonBody(sourceBody) },
      responses: answers({ 201: '`{id, csl}`.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      return c.json(present(await createSource(db, c.get('actor'), c.req.valid('param').spaceId, c.req.valid('json').csl)), 201)
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces/{spaceId}/sources/import', tags,
      summary: 'Imports BibTeX, RIS or CSL-JSON (editors); all entries or none, at most 5,000',
      request: { ...space, body: jsonBody(importSourcesBody, '`{bibtex}`, `{ris}` or `{csl: [items]}`.') },
      responses: answers({ 201: 'The new sources, `[{id, csl}]`, in file order.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const rows = await importSources(db, c.get('actor'), c.req.valid('param').spaceId, c.req.valid('json'))
      return c.json(rows.map(present), 201)
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/sources/export', tags, summary: 'The whole library as CSL-JSON or BibTeX',
      request: { ...space, query: exportQuery },
      responses: answers({ 200: 'CSL-JSON items (`format=csl`) or a BibTeX file (`format=bibtex`).' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const rows = await listSources(db, found.space.id)
      const disposition = (ext: string) => `attachment; filename="${found.space.slug}-sources.${ext}"`
      if (c.req.valid('query').format === 'bibtex') {
        return c.body(exportBibtex(rows), 200, { 'Content-Type': 'application/x-bibtex; charset=utf-8', 'Content-Disposition': disposition('bib') })
      }
      c.header('Content-Disposition', disposition('json'))
      return c.json(exportCsl(rows))
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/sources/formatted', tags, summary: 'Sources formatted in the space’s citation style (repeat `id`)',
      request: { ...space, query: formattedQuery },
      responses: answers({ 200: '`{style, entries: [{id, html, text, missing}]}`, one entry per id, in order.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const ids = c.req.valid('query').id
      const style = await sourceStyleOf(db, found.space.id)
      return c.json({ style, entries: formatSources(await findSources(db, found.space.id, ids), ids, style) })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/citation-style', tags, summary: 'The space’s citation style and the styles it may pick',
      request: space,
      responses: answers({ 200: '`{style, styles}`.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json({ style: await sourceStyleOf(db, found.space.id), styles: CITATION_STYLES })
    })
    .openapi(createRoute({
      method: 'put', path: '/spaces/{spaceId}/citation-style', tags, summary: 'Picks the space’s citation style (owners)',
      request: { ...space, body: jsonBody(citationStyleBody) },
      responses: answers({ 200: '`{style, styles}`.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const { spaceId } = c.req.valid('param')
      await pickSourceStyle(db, c.get('actor'), spaceId, c.req.valid('json').style)
      return c.json({ style: await sourceStyleOf(db, spaceId), styles: CITATION_STYLES })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/citation-needed', tags, summary: 'Pages with citation-needed markers, and pages citing no source',
      request: space,
      responses: answers({ 200: '`{needed: [{pageId, title, slug, uses}], uncited: [...]}`.' }, [404]),
    }), async (c) => {
      const found = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      return c.json({ needed: await listPagesNeedingCitations(db, found.space.id), uncited: await listUncitedPages(db, found.space.id) })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/sources/{sourceId}', tags, summary: 'A source, with the pages that cite it',
      request: source,
      responses: answers({ 200: '`{id, csl, citedBy: [{pageId, title, slug, uses}]}`.' }, [404]),
    }), async (c) => {
      const { spaceId, sourceId } = c.req.valid('param')
      const found = await authorizeSpace(db, c.get('actor'), spaceId, 'read')
      const row = await findSource(db, found.space.id, sourceId)
      if (!row) throw notFound('That source')
      return c.json({ ...present(row), citedBy: await listCitingPages(db, found.space.id, row.id) })
    })
    .openapi(createRoute({
      method: 'put', path: '/spaces/{spaceId}/sources/{sourceId}', tags, summary: 'Replaces a source’s CSL-JSON item (editors)',
      request: { ...source, body: jsonBody(sourceBody) },
      responses: answers({ 200: '`{id, csl}`.' }, [401, 403, 404, ...BODY_REFUSALS]),
    }), async (c) => {
      const { spaceId, sourceId } = c.req.valid('param')
      return c.json(present(await changeSource(db, c.get('actor'), spaceId, sourceId, c.req.valid('json').csl)))
    })
    .openapi(createRoute({
      method: 'delete', path: '/spaces/{spaceId}/sources/{sourceId}', tags, summary: 'Deletes a source no page cites (editors)',
      request: source,
      responses: answers({ 204: 'Deleted.' }, [401, 403, 404, 409]),
    }), async (c) => {
      const { spaceId, sourceId } = c.req.valid('param')
      await removeSource(db, c.get('actor'), spaceId, sourceId)
      return c.body(null, 204)
    })
}
