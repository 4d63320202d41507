import type { ApiUser } from '../../shared/apiTypes.ts'
import type { Db } from '../core/db/Db.ts'
import { AppError } from '../core/AppError.ts'
import { hashPassword, verifyDecoy, verifyPassword, weakerThan } from './passwords.ts'
import { createSession, deleteExpiredSessions } from './sessionQueries.ts'
import { findUserByUsername, updatePasswordHash } from './userQueries.ts'

/** The one answer to wrong credentials, whether the username exists or not. */
export const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'Wrong username or password.')

/**
 * Checks credentials and starts a session. The same error, after the same work, whether the
 * username is unknown or the password wrong: the answer never tells which accounts exist. A
 * password stored with a lower cost than `hashCost` (PASSWORD_HASH_COST) is hashed again at it.
 */
export async function logIn(db: Db, username: string, password: string, hashCost: number): Promise<{ user: ApiUser; token: string }> {
  const user = await findUserByUsername(db, username)
  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyDecoy(password, hashCost)
  if (!user || !ok) throw invalidCredentials()
  if (user.passwordHash && weakerThan(user.passwordHash, hashCost)) await updatePasswordHash(db, user.id, await hashPassword(password, hashCost))
  await deleteExpiredSessions(db, user.id)
  const token = await createSession(db, user.id)
  return { user: { id: user.id, username: user.username }, token }
}
