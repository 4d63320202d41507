import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../core/AppError.ts'

/** The largest JSON body the API takes, in bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024
/** The largest body of a source import (BibTeX, RIS or CSL-JSON of up to 5,000 entries), in bytes. */
export const MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024

/** The largest zip `POST /api/spaces/:spaceId/import` takes, in bytes (32 MiB). */
export const MAX_ARCHIVE_BODY_BYTES = 32 * 1024 * 1024

/**
 * Refuses a request body over `maxBytes` with 413 `body_too_large`: at once when its
 * Content-Length says so (the body is never read), and while it streams in otherwise
 * (chunked), as soon as the count passes the limit. Bytes, not characters.
 */
export function limitBody(maxBytes = MAX_API_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // Closing the connection stops Node from reading (and discarding) the rest of the body to reuse it.
      c.header('Connection', 'close')
      throw new AppError(413, 'body_too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`)
    },
  })
}
