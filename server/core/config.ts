import { z } from 'zod'

const boolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//u, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  // PGlite's own default. Its start-up initialises the whole pool, so a smaller one opens sooner.
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(128),
  REDIS_URL: z.string().regex(/^rediss?:\/\//u, 'must be a redis:// URL').optional(),
  SEED: boolean.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  MAX_AWARENESS_BYTES: z.coerce.number().int().min(256).default(4096),
  STORE_DEBOUNCE_MS: z.coerce.number().int().min(0).default(2000),
  STORE_MAX_DEBOUNCE_MS: z.coerce.number().int().min(0).default(10000),
  PUBLIC_ORIGIN: z.string().url().optional(),
  INSTANCE_ID: z.string().min(1).optional(),
  COLLAB_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  COLLAB_DOCUMENTS_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
  COLLAB_MESSAGES_PER_SECOND: z.coerce.number().min(1).default(60),
  COLLAB_MESSAGE_BURST: z.coerce.number().int().min(1).default(300),
  COLLAB_SEND_BUFFER_BYTES: z.coerce.number().int().min(65536).default(32 * 1024 * 1024),
  HISTORY_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  HISTORY_QUEUE: z.coerce.number().int().min(0).default(16),
  HISTORY_REQUESTS_PER_MINUTE: z.coerce.number().min(1).default(120),
  HISTORY_BURST: z.coerce.number().int().min(1).default(30),
  HISTORY_CACHE_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
  HISTORY_WORKERS: boolean.default(false),
  // A bearer token: long enough not to be guessed, in the characters an Authorization header carries.
  METRICS_TOKEN: z.string().regex(/^[A-Za-z0-9._~+/-]{16,}=*$/u, 'must be at least 16 letters, digits or ._~+/- characters').optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  ATTACHMENT_QUOTA_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024 * 1024),
  // scrypt's N = 2^15 (with r=8, p=1): 32 MiB and about 0.1 s of one core per hash on a small server.
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
})

/** The typed configuration of one Palimpsest process, read once at start-up. */
export interface Config {
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string | undefined
  /** The embedded database's buffer pool (Postgres's shared_buffers), in MiB; unused with DATABASE_URL. */
  pgliteSharedBuffersMb: number
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
  limits: Limits
  attachments: AttachmentLimits
  /**
   * scrypt's cost for new password hashes (N = 2^cost). Lower than the default only for test
   * servers: each step down halves what an attacker with the database pays per guess.
   */
  passwordHashCost: number
}

/** How much attachments may take (see docs/ATTACHMENTS.md). */
export interface AttachmentLimits {
  /** Largest file one upload may carry. */
  maxUploadBytes: number
  /** Bytes a space's attachments may take in all (every stored width and format counted). */
  quotaBytes: number
}

/** What one socket, one address and one user may take of the server (see docs/SECURITY.md, "Limits"). */
export interface Limits {
  /** Open collaboration websockets per client address (IPv4 address, IPv6 /64). */
  connectionsPerAddress: number
  /** Documents one websocket may have open at once (Hocuspocus multiplexes them). */
  documentsPerConnection: number
  /** Sustained messages per second one websocket may send (awareness included)… */
  messagesPerSecond: number
  /** …and how many it may send at once above that rate. */
  messageBurst: number
  /** Bytes waiting to be sent to one websocket before it is dropped as a reader too slow to keep up. */
  sendBufferBytes: number
  /** Expensive history requests (diff, blame, a revision's content) computed at once per process. */
  historyConcurrency: number
  /** Further ones that may wait for a turn; beyond that, 429. */
  historyQueue: number
  /** Expensive history requests per minute per user (or address, for anonymous readers)… */
  historyRequestsPerMinute: number
  /** …and how many at once above that rate. */
  historyBurst: number
  /** Memory for cached history answers between two fixed revisions (0 = no cache). */
  historyCacheBytes: number
  /** Compute them in worker threads (Postgres only). Off by default: see docs/RELIABILITY.md, "Socket limits". */
  historyWorkers: boolean
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
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    redisUrl: e.REDIS_URL,
    seed: e.SEED,
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
    storeDebounceMs: e.STORE_DEBOUNCE_MS,
    storeMaxDebounceMs: e.STORE_MAX_DEBOUNCE_MS,
    publicOrigin: e.PUBLIC_ORIGIN,
    instanceId: e.INSTANCE_ID ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    limits: {
      connectionsPerAddress: e.COLLAB_CONNECTIONS_PER_ADDRESS,
      documentsPerConnection: e.COLLAB_DOCUMENTS_PER_CONNECTION,
      messagesPerSecond: e.COLLAB_MESSAGES_PER_SECOND,
      messageBurst: e.COLLAB_MESSAGE_BURST,
      sendBufferBytes: e.COLLAB_SEND_BUFFER_BYTES,
      historyConcurrency: e.HISTORY_CONCURRENCY,
      historyQueue: e.HISTORY_QUEUE,
      historyRequestsPerMinute: e.HISTORY_REQUESTS_PER_MINUTE,
      historyBurst: e.HISTORY_BURST,
      historyCacheBytes: e.HISTORY_CACHE_BYTES,
      historyWorkers: e.HISTORY_WORKERS,
    },
    metrics: { token: e.METRICS_TOKEN, host: e.METRICS_HOST, port: e.METRICS_PORT },
    attachments: { maxUploadBytes: e.MAX_UPLOAD_BYTES, quotaBytes: e.ATTACHMENT_QUOTA_BYTES },
    passwordHashCost: e.PASSWORD_HASH_COST,
  }
}
