import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'

/** The Chromium the browser tests drive (Debian's package). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Whether a TCP port answers on 127.0.0.1. */
export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host, timeout: 1000 })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => { socket.destroy(); resolve(false) })
  })
}

/**
 * Decides whether tests needing an outside part run. Outside CI a missing part skips them,
 * with the reason printed; under CI=true a missing part fails the run instead.
 */
export function requirePart(available: boolean, part: string, howToGet: string): boolean {
  if (available) return true
  if (process.env.CI === 'true') throw new Error(`${part} is required under CI=true but is missing: ${howToGet}`)
  console.warn(`[skipped] tests needing ${part} were skipped: ${howToGet}`)
  return false
}

/** Whether Chromium is installed; under CI its absence fails. */
export function hasChromium(): boolean {
  return requirePart(existsSync(CHROMIUM_PATH), 'Chromium', `install Debian's chromium package (${CHROMIUM_PATH})`)
}

/** The Redis URL for scale-out tests, if Redis answers; under CI its absence fails. */
export async function redisUrl(): Promise<string | null> {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const port = Number(new URL(url).port || 6379)
  return requirePart(await portAnswers(port, new URL(url).hostname), 'Redis', `start Redis on ${url} or set TEST_REDIS_URL`) ? url : null
}
