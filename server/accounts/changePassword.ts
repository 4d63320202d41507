import { AppError, invalidInput } from '../core/AppError.ts'
import type { Services } from '../core/Services.ts'
import { logOutEverywhere } from './logOutEverywhere.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { passwordProblem } from './passwordProblem.ts'
import { findUserById, updatePasswordHash } from './userQueries.ts'

/** The answer to a wrong current password (403: the caller is signed in, but this proof failed). */
export const wrongPassword = () => new AppError(403, 'wrong_password', 'The current password is not right.')

/**
 * Changes a signed-in user's password: the current one must be right and the new one must
 * pass the password rules. Every other session of the user ends (a thief who had one is
 * out); the session that asked stays signed in. Resolves to how many sessions were ended.
 */
export async function changePassword(
  services: Services, user: { userId: string; sessionId?: string }, currentPassword: string, newPassword: string,
): Promise<number> {
  const row = await findUserById(services.db, user.userId)
  if (!row?.passwordHash || !(await verifyPassword(currentPassword, row.passwordHash))) throw wrongPassword()
  const problem = passwordProblem(newPassword, row.username)
  if (problem) throw invalidInput(`newPassword: ${problem}`, 'weak_password')
  if (await verifyPassword(newPassword, row.passwordHash)) throw invalidInput('newPassword: The new password is the current one.', 'weak_password')
  await updatePasswordHash(services.db, row.id, await hashPassword(newPassword, services.config.passwordHashCost))
  return logOutEverywhere(services, row.id, user.sessionId)
}
