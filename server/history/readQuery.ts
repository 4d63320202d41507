import type { Context } from 'hono'
import type { z } from 'zod'
import { invalidInput } from '../core/AppError.ts'

/** Reads and validates a request's query string; any problem is a 400 naming the parameter. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalidInput(`${issue.path.join('.')}: ${issue.message}`)
  }
  return parsed.data
}
