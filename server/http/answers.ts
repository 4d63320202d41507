import { z } from '@hono/zod-openapi'

/** The body of every error answer of the API. */
export const errorSchema = z.object({
  error: z.object({
    id: z.string().openapi({ description: 'A stable id clients may switch on, e.g. `title_taken`.' }),
    message: z.string().openapi({ description: 'A sentence for people; for a 400 it starts with the bad field.' }),
    problems: z.array(z.object({ field: z.string(), message: z.string() })).optional()
      .openapi({ description: 'For a 400: every problem found, each a field and a sentence without the field\'s name.' }),
  }),
}).openapi('Error')

const REFUSALS = {
  400: 'The path, query or body is not valid; the message starts with the bad field.',
  401: 'Sign in first (or the bearer token opens no live session).',
  403: 'The caller may not do this, or the request came from another site.',
  404: 'Nothing there, or nothing the caller may see.',
  409: 'Clashes with what exists, e.g. a title already taken.',
  413: 'The body is larger than the API takes.',
  415: 'The body is not JSON.',
  429: 'Too many attempts; see Retry-After.',
} as const

/** An HTTP status the API may refuse a request with. */
export type Refusal = keyof typeof REFUSALS

/**
 * The `responses` of a route for `createRoute`: its successes, described, and the refusals
 * it may give, each with the error body. 400 is always among them (the path or query may be
 * bad); a route that reads a body should also list 413 and 415.
 */
export function answers(successes: Record<number, string>, refusals: Refusal[] = []) {
  const responses: Record<number, { description: string; content?: { 'application/json': { schema: typeof errorSchema } } }> = {}
  for (const [status, description] of Object.entries(successes)) responses[Number(status)] = { description }
  for (const status of new Set<Refusal>([400, ...refusals])) {
    responses[status] = { description: REFUSALS[status], content: { 'application/json': { schema: errorSchema } } }
  }
  return responses
}

/** The refusals of a route that reads a JSON body. */
export const BODY_REFUSALS: Refusal[] = [413, 415]
