import { attachmentIdOf } from '../attachmentUrl.ts'

/**
 * Attribute validators for the schema (ProseMirror's `validate`): each throws on a value the
 * attribute may not hold. The server's schema check runs them on every attribute a client
 * writes, so a hostile client cannot store what the editor would never write.
 */

/** One of our attachment URLs (`/api/attachments/<id>`): never another site, `javascript:` or `data:`. */
export function attachmentSrc(value: unknown): void {
  if (value !== null && attachmentIdOf(value) === null) throw new RangeError('not an attachment URL')
}

/** A string of at most `max` characters (null allowed). */
export function textUpTo(max: number): (value: unknown) => void {
  return (value) => {
    if (value !== null && (typeof value !== 'string' || value.length > max)) throw new RangeError(`not a text of at most ${max} characters`)
  }
}

/** One of `values`. */
export function oneOf(values: readonly string[]): (value: unknown) => void {
  return (value) => {
    if (typeof value !== 'string' || !values.includes(value)) throw new RangeError(`not one of ${values.join(', ')}`)
  }
}

/** A whole number from 0 to `max` (null allowed). */
export function countUpTo(max: number): (value: unknown) => void {
  return (value) => {
    if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)) throw new RangeError(`not a whole number up to ${max}`)
  }
}
