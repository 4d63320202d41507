import type { ApiUser } from '../../shared/apiTypes.ts'
import type { Db } from '../core/db/Db.ts'
import { conflict, invalidInput } from '../core/AppError.ts'
import { hashPassword } from './passwords.ts'
import { passwordProblem } from './passwordProblem.ts'
import { createSession } from './sessionQueries.ts'
import { findUserByLookalike, findUserByUsername, insertUser } from './userQueries.ts'

const taken = () => conflict('That username is taken.', 'username_taken')
const lookalike = () => conflict('That username looks like one that is taken (some letters of other alphabets look like Latin ones). Choose another.', 'username_lookalike')

/**
 * Creates an account and signs it in. Refuses a weak password (400), a taken name (409) and a
 * name that looks like a taken one (409: same confusable skeleton). Names are checked before
 * the costly hash (a sign-up answer says whether a name exists anyway), and again by the
 * unique keys when two people sign up with one name at once. The password is hashed at
 * `hashCost` (PASSWORD_HASH_COST).
 */
export async function signUp(db: Db, username: string, password: string, hashCost: number): Promise<{ user: ApiUser; token: string }> {
  const problem = passwordProblem(password, username)
  if (problem) throw invalidInput(`password: ${problem}`, 'weak_password', [{ field: 'password', message: problem }])
  if (await findUserByUsername(db, username)) throw taken()
  if (await findUserByLookalike(db, username)) throw lookalike()
  const passwordHash = await hashPassword(password, hashCost)
  const user = await insertUser(db, username, passwordHash)
  if (!user) throw taken()
  const token = await createSession(db, user.id)
  return { user: { id: user.id, username: user.username }, token }
}
