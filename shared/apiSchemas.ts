import { z } from 'zod'
import { MAX_TITLE_LENGTH, titleProblem } from './wikiTitle.ts'

/** Request bodies of the JSON API, validated on the server and usable by clients. */

export const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]{3,32}$/u
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 256

export const credentialsBody = z.object({
  username: z.string().regex(USERNAME_PATTERN, 'A username has 3 to 32 letters, digits, dots, dashes or underscores.'),
  password: z.string()
    .min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH, `A password has at most ${MAX_PASSWORD_LENGTH} characters.`),
})

export const loginBody = z.object({
  username: z.string().min(1, 'Enter your username.').max(64),
  password: z.string().min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH),
})

export const titleField = z.string().max(MAX_TITLE_LENGTH * 2).superRefine((title, ctx) => {
  const problem = titleProblem(title)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

export const createPageBody = z.object({ title: titleField })
export const renamePageBody = z.object({ title: titleField })

export const createSpaceBody = z.object({
  name: z.string().trim().min(1, 'A space needs a name.').max(100, 'A space name has at most 100 characters.'),
  visibility: z.enum(['public', 'private']),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/u, 'A slug has 2 to 63 lower-case letters, digits or dashes.').optional(),
})

export const updateSpaceBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  visibility: z.enum(['public', 'private']).optional(),
})

export const memberRoleBody = z.object({ role: z.enum(['viewer', 'editor', 'owner']) })
