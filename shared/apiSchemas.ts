import { z } from 'zod'
import { describeCharacter, findInvisibleCharacter } from './invisibleCharacters.ts'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwordLength.ts'
import { MAX_TITLE_LENGTH, titleProblem } from './wikiTitle.ts'

/** Request bodies of the JSON API, validated on the server and usable by clients. */

/**
 * 3 to 32 letters (any script, with their combining marks), digits, dots, dashes or
 * underscores; starts with a letter or digit and does not end with punctuation.
 */
export const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}_.-]{1,30}[\p{L}\p{M}\p{N}]$/u
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH }
export const MAX_SPACE_DESCRIPTION = 2000

// Usernames are compared in NFC, so "é" typed precomposed or decomposed is the same name.
const usernameField = z.string().trim().normalize('NFC')

/** A new password: its length and not only spaces here; the server also refuses common ones and the username. */
export const newPasswordField = z.string()
  .min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `A password has at most ${MAX_PASSWORD_LENGTH} characters.`)
  .refine((password) => password.trim() !== '', 'A password cannot be only spaces.')

export const credentialsBody = z.object({
  // A new name is stored in NFKC: fullwidth "ａｄｍｉｎ" becomes "admin" (and is then taken).
  username: usernameField
    .superRefine((name, ctx) => {
      const invisible = findInvisibleCharacter(name)
      if (invisible) ctx.addIssue({ code: 'custom', message: `A username cannot contain invisible or text-direction characters; this one has ${describeCharacter(invisible)}.`, abort: true })
    })
    .normalize('NFKC')
    .regex(USERNAME_PATTERN, 'A username has 3 to 32 letters, digits, dots, dashes or underscores, and starts and ends with a letter or digit.'),
  password: newPasswordField,
})

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH),
  newPassword: newPasswordField,
})

export const loginBody = z.object({
  username: usernameField.min(1, 'Enter your username.').max(64),
  password: z.string().min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH),
})

export const titleField = z.string().max(MAX_TITLE_LENGTH * 2).superRefine((title, ctx) => {
  const problem = titleProblem(title)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** A page id, as the API hands them out. */
export const pageIdField = z.uuid('A page id is a UUID.')

/** A new page; `parentId` puts it under a page of the same space (absent or null: top level). */
export const createPageBody = z.object({ title: titleField, parentId: pageIdField.nullable().optional() })

/** Where a page goes in its space's tree: under `parentId` (null: top level), at `position` among its siblings (0 first; past the end = last). */
export const movePageBody = z.object({
  parentId: pageIdField.nullable(),
  position: z.number().int('A position is a whole number.').min(0, 'A position is 0 or more.').max(1_000_000),
})
export const renamePageBody = z.object({ title: titleField })

export const createSpaceBody = z.object({
  name: z.string().trim().min(1, 'A space needs a name.').max(100, 'A space name has at most 100 characters.'),
  visibility: z.enum(['public', 'private']),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/u, 'A slug has 2 to 63 lower-case letters, digits or dashes.').optional(),
})

export const updateSpaceBody = z.object({
  name: z.string().trim().min(1, 'A space needs a name.').max(100, 'A space name has at most 100 characters.').optional(),
  visibility: z.enum(['public', 'private']).optional(),
  /** Whether anyone signed in may join as an editor (public spaces only). */
  joinable: z.boolean().optional(),
  /** What the space is about, shown on its home. */
  description: z.string().trim().max(MAX_SPACE_DESCRIPTION, `A description has at most ${MAX_SPACE_DESCRIPTION} characters.`).optional(),
}).refine((body) => Object.keys(body).length > 0, 'Say what to change: name, visibility, joinable or description.')

export const memberRoleBody = z.object({ role: z.enum(['viewer', 'editor', 'owner']) })
