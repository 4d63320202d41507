import type { Context } from 'hono'
import type { z } from 'zod'
import { invalidInput } from '../core/AppError.ts'

const MAX_BODY_BYTES = 64 * 1024

/** Reads and validates a JSON body; any problem is a 400 with a message that says what is wrong. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text()
  if (text.length > MAX_BODY_BYTES) throw invalidInput('The request body is too large.', 'body_too_large')
  let json: unknown
  try {
    json = text === '' ? {} : JSON.parse(text)
  } catch {
    throw invalidInput('The request body is not valid JSON.', 'invalid_json')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.length ? `${issue.path.join('.')}: ` : ''
    throw invalidInput(`${field}${issue.message}`)
  }
  return parsed.data
}
