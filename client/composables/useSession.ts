import { computed, shallowRef } from 'vue'
import type { ApiUser as User } from '../../shared/apiTypes.ts'
import { ApiError, fetchJson, toApiError } from './useApi.ts'
import { forgetDeviceCopies } from './forgetDeviceCopies.ts'
import { forgetKeptAnswers } from './keptAnswers.ts'

/** What signup and login answer. */
interface AuthResult {
  user: User
  token: string
}

/** Whether the session has been asked of the server yet. */
export type SessionStatus = 'unknown' | 'loading' | 'ready' | 'error'

// One session per tab, shared by every component.
const user = shallowRef<User | null>(null)
const token = shallowRef<string | null>(null)
const status = shallowRef<SessionStatus>('unknown')
const error = shallowRef<ApiError | null>(null)
let pending: Promise<void> | null = null

/** Asks the server who is signed in (`GET /api/auth/session`: `user` is null for nobody). */
export function loadSession(force = false): Promise<void> {
  if (pending && !force) return pending
  status.value = 'loading'
  pending = fetchJson<{ user: User | null }>('/api/auth/session')
    .then((body) => {
      user.value = body.user
      status.value = 'ready'
      error.value = null
    })
    .catch((cause: unknown) => {
      const apiError = toApiError(cause)
      if (apiError.status === 401) {
        user.value = null
        status.value = 'ready'
        error.value = null
        return
      }
      // Unknown is not "signed out": keep trying on the next navigation.
      status.value = 'error'
      error.value = apiError
      pending = null
    })
  return pending
}

/** Credentials typed into the sign-in and sign-up forms. */
export interface Credentials {
  username: string
  password: string
}

async function authenticate(path: string, credentials: Credentials): Promise<User> {
  const result = await fetchJson<AuthResult>(path, { method: 'POST', body: credentials })
  user.value = result.user
  token.value = result.token ?? null
  status.value = 'ready'
  error.value = null
  pending = Promise.resolve()
  return result.user
}

/** Signs in; the server sets the session cookie. */
export function signIn(credentials: Credentials): Promise<User> {
  return authenticate('/api/auth/login', credentials)
}

/** Creates an account and signs in. */
export function signUp(credentials: Credentials): Promise<User> {
  return authenticate('/api/auth/signup', credentials)
}

/** Ends the session on the server and forgets the user here, pages kept on this device included. */
export async function signOut(): Promise<void> {
  await fetchJson<void>('/api/auth/logout', { method: 'POST' })
  await forgetUser()
}

/** Forgets the signed-in user in this tab and deletes the pages they kept on this device. */
async function forgetUser(): Promise<void> {
  const leaving = user.value?.id
  user.value = null
  token.value = null
  pending = Promise.resolve()
  if (!leaving) return
  try {
    await Promise.all([forgetDeviceCopies(leaving), forgetKeptAnswers()])
  } catch (cause) {
    // The session has ended anyway; say so where a developer looks rather than fail the sign-out.
    console.warn('could not delete the pages kept on this device', cause)
  }
}

/** Changes the password; the server ends every other session and keeps this one. Resolves to how many ended. */
export async function changePassword(body: { currentPassword: string; newPassword: string }): Promise<number> {
  const result = await fetchJson<{ endedSessions: number }>('/api/auth/password', { method: 'POST', body })
  return result.endedSessions
}

/** Ends every session of this user, this one included, and forgets the user here. */
export async function signOutEverywhere(): Promise<void> {
  await fetchJson<{ endedSessions: number }>('/api/auth/logout-all', { method: 'POST' })
  await forgetUser()
}

/** The current session: `user` (null when signed out), its load `status`, and the actions. */
export function useSession() {
  return {
    user,
    token,
    status,
    error,
    signedIn: computed(() => user.value !== null),
    loadSession,
    signIn,
    signUp,
    signOut,
    signOutEverywhere,
    changePassword,
  }
}
