import { pino, type Logger } from 'pino'

/** The structured (JSON) logger; `LOG_LEVEL=silent` turns it off, as tests do. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'palimpsest' } })
}

export type { Logger }
