import type { Context } from 'hono'
import type { z } from 'zod'
import { invalidInput } from './AppError.ts'

/** What a zod validator hands its hook: the part of the request it checked, and the outcome. */
export type ValidationResult = { target: string } & ({ success: true; data: unknown } | { success: false; error: z.ZodError })

const PART_NAMES: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie', form: 'form' }

/**
 * The one answer to a request whose path, query or body fails its zod schema: a 400
 * `invalid_input` whose message starts with the bad field (`title: …`, `limit: …`, or the
 * part of the request, `body: …`, when the whole of it is wrong). A query parameter given
 * twice arrives as an array, so a schema that wants one value refuses it here too.
 */
export function rejectInvalidRequest(result: ValidationResult, _c: Context): void {
  if (result.success) return
  const issue = result.error.issues[0]
  const field = issue.path.length ? issue.path.join('.') : (PART_NAMES[result.target] ?? result.target)
  throw invalidInput(`${field}: ${issue.message}`)
}
