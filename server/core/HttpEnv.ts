import type { Actor } from './Actor.ts'

/** Hono's typed per-request variables. */
export interface HttpEnv {
  Variables: {
    actor: Actor
    /** The session token the actor was resolved from, if any. */
    sessionToken: string | null
    /** Whether that token came from the cookie (browser) rather than a bearer header (script). */
    cookieAuth: boolean
  }
}
