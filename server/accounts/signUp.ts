import type { ApiUser } from '../../shared/apiTypes.ts'
import type { Db } from '../core/db/Db.ts'
import { conflict } from '../core/AppError.ts'
import { hashPassword } from './passwords.ts'
import { createSession } from './sessionQueries.ts'
import { findUserByUsername, insertUser } from './userQueries.ts'

const taken = () => conflict('That username is taken.', 'username_taken')

/**
 * Creates an account and signs it in. Throws 409 when the username is taken: checked before
 * the costly hash (a sign-up answer says whether a name exists anyway), and again by the
 * unique key when two people sign up with one name at once.
 */
export async function signUp(db: Db, username: string, password: string): Promise<{ user: ApiUser; token: string }> {
  if (await findUserByUsername(db, username)) throw taken()
  const passwordHash = await hashPassword(password)
  const user = await insertUser(db, username, passwordHash)
  if (!user) throw taken()
  const token = await createSession(db, user.id)
  return { user: { id: user.id, username: user.username }, token }
}
