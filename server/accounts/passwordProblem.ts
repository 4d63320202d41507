import { dictionary } from '@zxcvbn-ts/language-common'
import { MIN_PASSWORD_LENGTH } from '../../shared/passwordLength.ts'
import { usernameKey } from './userQueries.ts'

// zxcvbn's list of the ~49,000 passwords seen most often in leaks ("123456", "qwertyuiop", …).
const COMMON = new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()))

/** The forms a password is looked up in: as typed, without spaces, without a trailing run of digits and symbols. */
function lookupForms(password: string): string[] {
  const lower = password.normalize('NFKC').toLowerCase()
  const compact = lower.replace(/\s+/gu, '')
  const stem = compact.replace(/[\p{N}\p{P}\p{S}]+$/u, '')
  return stem.length >= 4 ? [lower, compact, stem] : [lower, compact]
}

/**
 * Why a new password is refused, or null: shorter than the minimum, only whitespace, one of
 * the common passwords (also with spaces removed or digits and symbols tacked on: "monkey2024!"),
 * or the username itself. Applied when a password is chosen (sign-up, change), never at
 * sign-in, so older accounts with weaker passwords still sign in.
 */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `A password has at least ${MIN_PASSWORD_LENGTH} characters.`
  if (!password.trim()) return 'A password cannot be only spaces.'
  const forms = lookupForms(password)
  if (forms.some((form) => COMMON.has(form))) return 'That password is one of the most common ones, which are guessed first. Choose another.'
  if (forms.some((form) => form === usernameKey(username) || form === usernameKey(username).replace(/[\s._-]+/gu, ''))) {
    return 'A password cannot be the username.'
  }
  return null
}
