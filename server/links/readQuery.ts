import type { Context } from 'hono'
import type { z } from 'zod'
import { invalidInput } from '../core/AppError.ts'

/**
 * Reads and validates a request's query string (repeated parameters become arrays); any
 * problem is a 400 that says what is wrong.
 */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const raw: Record<string, string | string[]> = {}
  for (const [name, values] of Object.entries(c.req.queries())) raw[name] = values.length === 1 ? values[0] : values
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalidInput(`${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
  }
  return parsed.data
}
