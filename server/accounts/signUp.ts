import type { ApiUser } from '../../shared/apiTypes.ts'
import type { Db } from '../db/Db.ts'
import { conflict } from '../http/AppError.ts'
import { hashPassword } from './passwords.ts'
import { createSession } from './sessionQueries.ts'
import { insertUser } from './userQueries.ts'

/** Creates an account and signs it in. Throws 409 when the username is taken. */
export async function signUp(db: Db, username: string, password: string): Promise<{ user: ApiUser; token: string }> {
  const passwordHash = await hashPassword(password)
  const user = await insertUser(db, username, passwordHash)
  if (!user) throw conflict('That username is taken.', 'username_taken')
  const token = await createSession(db, user.id)
  return { user: { id: user.id, username: user.username }, token }
}
