import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bodyLimit } from 'hono/body-limit'
import { uploadAttachment } from '../../attachments/uploadAttachment.ts'
import { fileTooLarge } from '../../attachments/receiveUpload.ts'
import { listVariants } from '../../attachments/attachmentQueries.ts'
import { presentAttachment } from '../../attachments/presentAttachment.ts'
import { serveAttachment } from '../../attachments/serveAttachment.ts'
import { uploadToProposal } from '../../proposals/uploadToProposal.ts'
import type { Services } from '../../core/Services.ts'
import { answers } from '../answers.ts'
import { createApiRouter } from '../createApiRouter.ts'
import { pathParams } from '../pathParams.ts'

const tags = ['Attachments']

const widthQuery = z.object({ w: z.coerce.number().int().min(1).max(10_000).optional() })

/** The multipart body of an upload, for the OpenAPI document only: it is streamed, never parsed whole. */
const uploadBody = {
  content: {
    'multipart/form-data': {
      schema: { type: 'object' as const, properties: { file: { type: 'string' as const, format: 'binary' } }, required: ['file'] },
    },
  },
  required: true,
}

/** Uploading files to a page and serving them to its readers. */
export function attachmentRoutes(services: Services) {
  const { db } = services
  const { maxUploadBytes } = services.config.attachments
  const router = createApiRouter()
  // The whole body: the file plus multipart framing. Past it the connection closes, so the rest is never read.
  const limit = bodyLimit({
    maxSize: maxUploadBytes + 128 * 1024,
    onError: (c) => {
      c.header('Connection', 'close')
      throw fileTooLarge(maxUploadBytes)
    },
  })
  router.use('/pages/:pageId/attachments', limit)
  router.use('/proposals/:proposalId/attachments', limit)
  return router
    .openapi(createRoute({
      method: 'post', path: '/pages/{pageId}/attachments', tags, summary: 'Attaches a file to a page (editors)',
      description: 'Multipart, field `file`. The type is decided from the bytes; images are re-encoded (metadata stripped, '
        + 'narrower widths and WebP made). Refusals: 413 `file_too_large` (over `MAX_UPLOAD_BYTES`) or `quota_exceeded` '
        + '(the space\'s `ATTACHMENT_QUOTA_BYTES`), 415 `unsupported_file_type` (HTML, SVG, executables…), 400 `invalid_image` '
        + '(corrupt or truncated) or `image_too_large` (too many pixels). The same file uploaded to the same page again answers 200 with the same attachment.',
      request: { params: pathParams('pageId'), body: uploadBody },
      responses: answers({ 201: '`{id, url, contentType, size, name, kind, width, height}`.', 200: 'The same file was already attached to this page.' }, [401, 403, 404, 413, 415]),
    }), async (c) => {
      const { attachment, created } = await uploadAttachment(services, c.get('actor'), c.req.valid('param').pageId, c.req.raw)
      return c.json(presentAttachment(attachment, await listVariants(db, attachment.id)), created ? 201 : 200)
    })
    .openapi(createRoute({
      method: 'post', path: '/proposals/{proposalId}/attachments', tags, summary: 'Attaches a file for a proposal’s text (its writers who are members of the space)',
      description: 'As `POST /pages/{pageId}/attachments`, for the author and co-editors of an open proposal who are members of the '
        + 'space (viewers included), without the right to edit the page. The file belongs to the page: readers of the page read it. '
        + 'A writer who is not a member (a stranger proposing on a public space) gets 403.',
      request: { params: pathParams('proposalId'), body: uploadBody },
      responses: answers({ 201: 'As for a page.', 200: 'The same file was already attached to the page.' }, [401, 403, 404, 413, 415]),
    }), async (c) => {
      const { attachment, created } = await uploadToProposal(services, c.get('actor'), c.req.valid('param').proposalId, c.req.raw)
      return c.json(presentAttachment(attachment, await listVariants(db, attachment.id)), created ? 201 : 200)
    })
    .openapi(createRoute({
      method: 'get', path: '/attachments/{id}', tags, summary: 'An attachment’s bytes (readers of its page’s space)',
      description: 'Images: `?w=` picks the narrowest stored width at least that wide; WebP when `Accept` takes it. '
        + 'Served with `nosniff`, a sandboxing CSP, and `Content-Disposition: attachment` for everything but images. '
        + 'Anyone who may not read the page (or once it is deleted) gets 404.',
      request: { params: pathParams('id'), query: widthQuery },
      responses: answers({ 200: 'The bytes.', 304: 'Not modified.' }, [404]),
    }), async (c) => {
      const served = await serveAttachment(db, c.get('actor'), c.req.valid('param').id, { width: c.req.valid('query').w, accept: c.req.header('accept') ?? '' })
      if (c.req.header('if-none-match') === served.headers.ETag) {
        return c.body(null, 304, { ETag: served.headers.ETag, Vary: served.headers.Vary, 'Cache-Control': served.headers['Cache-Control'] })
      }
      return c.body(served.body(), 200, served.headers)
    })
}
