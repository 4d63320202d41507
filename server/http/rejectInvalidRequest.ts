import type { Context } from 'hono'
import type { z } from 'zod'
import { invalidInput, type Problem } from '../core/AppError.ts'

/** What a zod validator hands its hook: the part of the request it checked (`data`), and the outcome. */
export type ValidationResult = { target: string; data?: unknown } & ({ success: true } | { success: false; error: z.ZodError })

const PART_NAMES: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie', form: 'form' }

/** Every issue of a failed validation as a problem: the field (or the part of the request) and the sentence. */
export function requestProblems(target: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : (PART_NAMES[target] ?? target),
    message: issue.message,
  }))
}

/** The 400 for a list of problems: the message names the first one's field, `problems` lists them all. */
export function invalidRequest(problems: Problem[]) {
  return invalidInput(`${problems[0].field}: ${problems[0].message}`, 'invalid_input', problems)
}

/**
 * The one answer to a request whose path, query or body fails its zod schema: a 400
 * `invalid_input` whose message starts with the bad field (`title: …`, `limit: …`, or the
 * part of the request, `body: …`, when the whole of it is wrong), with every problem found
 * in `problems`. A query parameter given twice arrives as an array, so a schema that wants
 * one value refuses it here too.
 */
export function rejectInvalidRequest(result: ValidationResult, _c: Context): void {
  if (result.success) return
  throw invalidRequest(requestProblems(result.target, result.error))
}
