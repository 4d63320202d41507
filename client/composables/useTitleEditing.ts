import { ApiError } from './useApi.ts'
import { cleanTitle, titleProblem } from '../../shared/wikiTitle.ts'

/** What to do with a title typed into the rename field. */
export type RenamePlan =
  | { kind: 'unchanged' }
  | { kind: 'invalid', message: string }
  | { kind: 'rename', title: string }

/**
 * Decides a rename from the current title and the typed draft, with the shared title rules:
 * the draft is cleaned (NFC, whitespace collapsed); the same text means nothing to do, but a
 * change of case alone is a real rename.
 */
export function planRename(current: string, draft: string): RenamePlan {
  const title = cleanTitle(draft)
  if (title === cleanTitle(current)) return { kind: 'unchanged' }
  const problem = titleProblem(title)
  if (problem) return { kind: 'invalid', message: problem }
  return { kind: 'rename', title }
}

/** A sentence for a failed rename or create, naming the clash on 409. */
export function titleErrorMessage(error: ApiError, title: string): string {
  if (error.status === 409) return `Another page in this space is already called “${title}”.`
  if (error.status === 403) return 'You can read this page but not rename it.'
  if (error.status === 400 || error.status === 422) return error.message
  return error.message
}
