import type * as Y from 'yjs'
import type { DocumentRules } from '../../shared/editor/documentRules.ts'
import { formatMarkName } from '../../shared/editor/formatMarkName.ts'

/** Why a text format (the Yjs form of a mark) is not one the page schema can read, or null. */
export function formatProblem(content: Y.ContentFormat, rules: DocumentRules): string | null {
  const attrs = rules.marks.get(formatMarkName(content.key))
  if (!attrs) return `formats text with an unknown mark "${content.key}"`
  const value = content.value as unknown
  // null ends the mark; `true` is the plain Yjs way to set one with its default attributes.
  if (value === null || value === true) return null
  if (typeof value !== 'object' || Array.isArray(value)) return `formats text with a mark "${content.key}" whose attributes are not an object`
  const unknown = Object.keys(value as object).find((key) => !attrs.has(key))
  return unknown === undefined ? null : `gives the mark "${content.key}" an unknown attribute "${unknown}"`
}
