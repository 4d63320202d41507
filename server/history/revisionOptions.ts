import { z } from 'zod'
import { ConfigError } from '../core/config.ts'

/** When editing bursts end and revisions are cut automatically. */
export interface RevisionOptions {
  /** No edit for this long ends a burst (default 60 s). */
  idleMs: number
  /** Continuous editing is cut at least this often (default 10 min). */
  maxBurstMs: number
}

const schema = z.object({
  REVISION_IDLE_MS: z.coerce.number().int().min(10).default(60_000),
  REVISION_MAX_BURST_MS: z.coerce.number().int().min(10).default(600_000),
})

/** Reads the thresholds from the environment; a bad value throws a ConfigError naming the variable. */
export function revisionOptionsFromEnv(env: Record<string, string | undefined> = process.env): RevisionOptions {
  const present = Object.fromEntries(Object.entries(env).filter(([key, v]) => key.startsWith('REVISION_') && v !== undefined && v !== ''))
  const parsed = schema.safeParse(present)
  if (!parsed.success) {
    const name = String(parsed.error.issues[0].path[0])
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(env[name])}: ${parsed.error.issues[0].message}`)
  }
  return { idleMs: parsed.data.REVISION_IDLE_MS, maxBurstMs: parsed.data.REVISION_MAX_BURST_MS }
}
