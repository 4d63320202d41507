import type { z } from 'zod'

/**
 * A route's JSON request body for `createRoute`. A request without a Content-Type and
 * without a body is checked as `{}`; any other media type is refused with 415.
 */
export function jsonBody<S extends z.ZodType>(schema: S, description?: string) {
  return { content: { 'application/json': { schema } }, required: true, description }
}
