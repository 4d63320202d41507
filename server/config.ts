import { z } from 'zod'

const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//u, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//u, 'must be a redis:// URL').optional(),
  SEED: boolean.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(4096),
  STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
  STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).default(10000),
  PUBLIC_ORIGIN: z.string().url().optional(),
  INSTANCE_ID: z.string().min(1).optional(),
  // A bearer token: long enough not to be guessed, in the characters an Authorization header carries.
  METRICS_TOKEN: z.string().regex(/^[A-Za-z0-9._~+/-]{16,}=*$/u, 'must be at least 16 letters, digits or ._~+/- characters').optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
})

/** The typed configuration of one Palimpsest process, read once at start-up. */
export interface Config {
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string | undefined
  redisUrl: string | undefined
  seed: boolean
  logLevel: string
  maxMessageBytes: number
  /** Largest awareness (presence) message accepted; a larger one closes the connection. */
  maxAwarenessBytes: number
  storeDebounceMs: number
  storeMaxDebounceMs: number
  /** Origins allowed for cookie-authenticated mutations and websocket upgrades besides the server's own. */
  publicOrigin: string | undefined
  instanceId: string
  /**
   * Who may read /metrics: with a token, callers that send it as a bearer token on the main
   * port; with a port, anyone who reaches that separate listener (bind it to a private
   * address). With neither, /metrics is off.
   */
  metrics: { token: string | undefined; host: string; port: number | undefined }
}

/** Thrown for a bad environment variable; start-up prints its one-line message and exits. */
export class ConfigError extends Error {}

/** Parses the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(present)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const name = String(issue.path[0])
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(env[name])}: ${issue.message}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATABASE_URL ? undefined : e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    seed: e.SEED,
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
    storeDebounceMs: e.STORE_DEBOUNCE_MS,
    storeMaxDebounceMs: e.STORE_MAX_DEBOUNCE_MS,
    publicOrigin: e.PUBLIC_ORIGIN,
    instanceId: e.INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    metrics: { token: e.METRICS_TOKEN, host: e.METRICS_HOST, port: e.METRICS_PORT },
  }
}
