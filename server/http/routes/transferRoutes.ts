import { createRoute, z } from '@hono/zod-openapi'
import { create as contentDisposition } from 'content-disposition'
import { PAGE_EXPORT_FORMATS } from '../../../shared/transferTypes.ts'
import { AppError, notFound } from '../../core/AppError.ts'
import type { Services } from '../../core/Services.ts'
import { findPage } from '../../pages/pageQueries.ts'
import { authorizePage, authorizeSpace } from '../../policies/authorize.ts'
import { exportSpace } from '../../transfer/exportSpace.ts'
import { importSpace } from '../../transfer/importSpace.ts'
import { pageMarkdown } from '../../transfer/pageMarkdown.ts'
import { renderPageHtml } from '../../transfer/renderPageHtml.ts'
import { answers } from '../answers.ts'
import { streamProgress } from '../streamProgress.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Import and export']
const exportQuery = z.object({ format: z.enum(PAGE_EXPORT_FORMATS).default('markdown') })
/** Media types a zip is sent with (browsers differ). */
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/octet-stream'])

/** Page export (Markdown, HTML), space export (zip) and import of a zip of Markdown files. */
export function transferRoutes(services: Services) {
  const { db } = services
  return createApiRouter()
    .openapi(createRoute({
      method: 'get', path: '/pages/{pageId}/export', tags, summary: 'A page as Markdown or standalone HTML (readers)',
      description: 'Markdown: YAML front matter (title, aliases, created, authors), then the page; wiki links as `[[Title]]`. '
        + 'HTML: one file with a print stylesheet. Sent as a download.',
      request: { params: pathParams('pageId'), query: exportQuery },
      responses: answers({ 200: 'The file (`text/markdown` or `text/html`).' }, [404]),
    }), async (c) => {
      const { page: access, space } = await authorizePage(db, c.get('actor'), c.req.valid('param').pageId, 'read')
      const page = await findPage(db, access.id)
      if (!page) throw notFound('That page')
      const { file } = await pageMarkdown(services, page, { origin: new URL(c.req.url).origin })
      const name = page.slug || 'page'
      if (c.req.valid('query').format === 'markdown') {
        return c.body(file, 200, { 'Content-Type': 'text/markdown; charset=utf-8', 'Content-Disposition': contentDisposition(`${name}.md`) })
      }
      const html = renderPageHtml({ title: page.title, markdown: file.replace(/^---\n[\s\S]*?\n---\n\n/u, ''), spaceSlug: space.slug, origin: new URL(c.req.url).origin })
      return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': contentDisposition(`${name}.html`) })
    })
    .openapi(createRoute({
      method: 'get', path: '/spaces/{spaceId}/export', tags, summary: 'A space as a zip of Markdown files, the attachments they show and a manifest (readers)',
      request: { params: pathParams('spaceId') },
      responses: answers({ 200: 'The zip (`application/zip`).' }, [404]),
    }), async (c) => {
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'read')
      const zip = await exportSpace(services, space, new URL(c.req.url).origin)
      return c.body(zip.slice().buffer, 200, { 'Content-Type': 'application/zip', 'Content-Disposition': contentDisposition(`${space.slug}.zip`) })
    })
    .openapi(createRoute({
      method: 'post', path: '/spaces/{spaceId}/import', tags, summary: 'Imports a zip of Markdown files into the space (editors)',
      description: 'The body is the zip itself. One transaction: the archive is refused as a whole (400 `invalid_archive`, '
        + '`too_many_files`, `archive_too_large`; 413 `quota_exceeded` when its images and files would pass the space\'s quota) or every page '
        + 'it yields is created, with the images and files its pages show as attachments. Files that cannot be taken are listed in `skipped`. '
        + 'With `Accept: application/x-ndjson` the answer is a stream of JSON lines once the pages are being created: '
        + '`{progress: {stage, done, total}}` lines, then `{report}` or `{error: {id, message}}`.',
      request: {
        params: pathParams('spaceId'),
        body: { content: { 'application/zip': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } }, required: true },
      },
      responses: answers({ 200: '`{imported:[{file, pageId, title}], renamed:[{file, from, to}], skipped:[{file, reason}]}`.' }, [401, 403, 404, 413, 415]),
    }), async (c) => {
      // Who may import is decided before the body is looked at, so a refusal says nothing more than 404/401/403.
      const { space } = await authorizeSpace(db, c.get('actor'), c.req.valid('param').spaceId, 'edit')
      const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
      if (!ZIP_TYPES.has(type)) {
        // The body is never read: closing the connection stops Node from reading (and discarding) it.
        c.header('Connection', 'close')
        throw new AppError(415, 'unsupported_media_type', 'Send the zip itself as the body, with Content-Type application/zip.')
      }
      const zip = new Uint8Array(await c.req.arrayBuffer())
      const actor = c.get('actor')
      if (!(c.req.header('Accept') ?? '').includes('application/x-ndjson')) return c.json(await importSpace(services, actor, space.id, zip))
      // A browser watching a long import: its progress, line by line (docs/TRANSFER.md).
      return streamProgress((onProgress) => importSpace(services, actor, space.id, zip, onProgress), services.logger, { path: c.req.path })
    })
}
