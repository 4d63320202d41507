import { z } from 'zod'

const optionalText = (max: number, what: string) => z.string().trim().max(max, `${what} has at most ${max} characters.`)
  .optional().nullable().transform((v) => (v ? v : null))

/** `POST /api/pages/:pageId/revisions`: a named version. */
export const namedVersionBody = z.object({
  name: optionalText(100, 'A version name'),
  summary: optionalText(500, 'A summary'),
})

const revisionNumber = z.coerce.number().int().min(1)

/** `GET /api/pages/:pageId/revisions` paging. */
export const revisionListQuery = z.object({
  before: revisionNumber.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

/** `GET /api/spaces/:spaceId/changes`. */
export const recentChangesQuery = z.object({
  user: z.string().min(1).max(64).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional()
    .describe('Where to continue: taken as is from the previous response’s `Link` header (rel="next").'),
})

const revisionId = z.string().max(64).optional()

/** `GET /api/pages/:pageId/diff`: two revision ids; a missing `from` is the empty page, a missing `to` the page as it is now. */
export const diffQuery = z.object({ from: revisionId, to: revisionId })

/** `GET /api/pages/:pageId/blame`: a revision id; missing is the page as it is now. */
export const blameQuery = z.object({ revision: revisionId })
