import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// scrypt's cost is N = 2^cost (PASSWORD_HASH_COST, 15 by default), with r=8 and p=1: 128·N·r bytes
// of memory per hash (32 MiB at 15). It runs on libuv's thread pool, so the event loop keeps serving.
const R = 8
const P = 1
const KEY_LENGTH = 32
// Stored parameters are read back from the database; refuse absurd ones instead of spending memory on them.
const MAX_N = 1 << 20

interface ScryptParams { N: number; r: number; p: number }

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

function encode({ N, r, p }: ScryptParams, salt: Buffer, key: Buffer): string {
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** The parameters a stored hash names, or null when it is not one of ours or they are absurd. */
function parse(stored: string): (ScryptParams & { salt: string; key: string }) | null {
  const [scheme, n, rText, pText, salt, key] = stored.split('$')
  const [N, r, p] = [Number(n), Number(rText), Number(pText)]
  if (scheme !== 'scrypt' || !salt || !key || !(N > 1 && N <= MAX_N && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return null
  return { N, r, p, salt, key }
}

/** Hashes a password with scrypt at N = 2^cost and a fresh per-user salt: `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const params = { N: 2 ** cost, r: R, p: P }
  const salt = randomBytes(16)
  return encode(params, salt, await derive(password, salt, params))
}

/** Checks a password against a stored hash (with the parameters it names), comparing the keys in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const expected = Buffer.from(parsed.key, 'base64')
  const actual = await derive(password, Buffer.from(parsed.salt, 'base64'), parsed)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Whether a stored hash is cheaper to guess than one made at `cost` now: sign-in then hashes the password again. */
export function weakerThan(stored: string, cost: number): boolean {
  const parsed = parse(stored)
  return parsed !== null && parsed.N * parsed.r * parsed.p < 2 ** cost * R * P
}

/**
 * Spends the time of one verification at `cost`, for unknown usernames and accounts without a
 * password: it checks against a hash no password matches (its key is all zeros), so a failed
 * sign-in takes the same time whether or not the account exists.
 */
export async function verifyDecoy(password: string, cost: number): Promise<false> {
  await verifyPassword(password, encode({ N: 2 ** cost, r: R, p: P }, Buffer.alloc(16), Buffer.alloc(KEY_LENGTH)))
  return false
}
