import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// N=2^15, r=8, p=1: 32 MiB (128·N·r bytes) and about 0.1 s of one core per hash on a small 2-core
// server; it runs on libuv's thread pool, so the event loop keeps serving meanwhile.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const KEY_LENGTH = 32
// Stored parameters are read back from the database; refuse absurd ones instead of spending memory on them.
const MAX_N = 1 << 20

function derive(password: string, salt: Buffer, params = PARAMS): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, params, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** Hashes a password with scrypt and a fresh per-user salt: `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** Checks a password against a stored hash, comparing the keys in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rText, pText, salt, key] = stored.split('$')
  const [N, r, p] = [Number(n), Number(rText), Number(pText)]
  if (scheme !== 'scrypt' || !salt || !key || !(N > 1 && N <= MAX_N && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N, r, p, maxmem: Math.max(PARAMS.maxmem, 256 * N * r) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

// A hash of the current parameters that no password matches (its key is all zeros): checking
// against it costs exactly one verification, so a failed sign-in takes the same time whether
// or not the account exists.
const DECOY = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, Buffer.alloc(16).toString('base64'), Buffer.alloc(KEY_LENGTH).toString('base64')].join('$')

/** Spends the time of one verification, for unknown usernames and accounts without a password. */
export async function verifyDecoy(password: string): Promise<false> {
  await verifyPassword(password, DECOY)
  return false
}
