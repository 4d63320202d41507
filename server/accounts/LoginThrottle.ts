/** How hard the login throttle pushes back; see docs/ACCOUNTS.md, "Account security". */
export interface LoginThrottleLimits {
  /** Failures one address may make on one username before it has to wait. */
  freeFailuresPerAddress: number
  /** The first wait of an address; each further failure doubles it… */
  firstDelayMs: number
  /** …up to this. */
  maxDelayMs: number
  /** Failures on one username, from all addresses together, before every untrusted address is slowed on it. */
  freeFailuresPerUsername: number
  /** How far apart an untrusted address's tries of an attacked username must be: mild, so nobody is locked out. */
  usernameSpacingMs: number
  /** A username's failures are forgotten after this long without one. */
  usernameWindowMs: number
  /** An address's failures on a username are forgotten after this long without one. */
  forgetAfterMs: number
  /** An address that signed in to an account stays exempt from that account's username-wide delay this long. */
  trustForMs: number
}

/** The limits Palimpsest runs with. */
export const LOGIN_THROTTLE_LIMITS: LoginThrottleLimits = {
  freeFailuresPerAddress: 5,
  firstDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  freeFailuresPerUsername: 20,
  usernameSpacingMs: 60_000,
  usernameWindowMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  trustForMs: 30 * 24 * 60 * 60_000,
}

interface Tally {
  failures: number
  lastFailureAt: number
}

// Entries kept at most; past it the oldest are dropped, so a flood of made-up names cannot fill memory.
const MAX_ENTRIES = 100_000

/**
 * Slows password guessing without letting an attacker lock the real user out. Two counts:
 *
 * - per (address, username), strict: after a few failures the address waits, doubling with
 *   each further failure up to a cap. A success clears it and trusts the address for that account.
 * - per username, mild: once many failures have come from anywhere, each address that has not
 *   signed in to the account before may try it once a minute (its first try is free). It slows
 *   guessing spread over many addresses; the real user waits at most that minute, and not at
 *   all from an address they signed in from before.
 *
 * Unknown usernames are counted like real ones, so the answers never tell which exist. State
 * is in memory, per process.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, Tally>()
  private readonly usernames = new Map<string, Tally>()
  private readonly trusted = new Map<string, number>()
  readonly limits: LoginThrottleLimits

  constructor(limits: LoginThrottleLimits = LOGIN_THROTTLE_LIMITS) {
    this.limits = limits
  }

  /** Milliseconds this address must wait before trying this username again; 0 = it may try now. */
  waitFor(address: string, username: string, now = Date.now()): number {
    const key = pairKey(address, username)
    const pair = this.livePair(key, now)
    let wait = 0
    if (pair && pair.failures >= this.limits.freeFailuresPerAddress) {
      wait = pair.lastFailureAt + this.backoff(pair.failures - this.limits.freeFailuresPerAddress, this.limits.maxDelayMs) - now
    }
    const wide = this.liveUsername(username, now)
    if (pair && wide && wide.failures >= this.limits.freeFailuresPerUsername && !this.isTrusted(key, now)) {
      wait = Math.max(wait, pair.lastFailureAt + this.limits.usernameSpacingMs - now)
    }
    return Math.max(0, Math.ceil(wait))
  }

  /** Records a wrong password (or unknown username) from this address. */
  failed(address: string, username: string, now = Date.now()): void {
    const key = pairKey(address, username)
    const pair = this.livePair(key, now) ?? { failures: 0, lastFailureAt: now }
    pair.failures += 1
    pair.lastFailureAt = now
    remember(this.pairs, key, pair)
    const wide = this.liveUsername(username, now) ?? { failures: 0, lastFailureAt: now }
    wide.failures += 1
    wide.lastFailureAt = now
    remember(this.usernames, username, wide)
  }

  /**
   * Records a right password from this address: its own count starts over and it is trusted
   * for the account. The username-wide count stays (the attack elsewhere goes on).
   */
  succeeded(address: string, username: string, now = Date.now()): void {
    const key = pairKey(address, username)
    this.pairs.delete(key)
    remember(this.trusted, key, now + this.limits.trustForMs)
  }

  private backoff(extraFailures: number, cap: number): number {
    return Math.min(cap, this.limits.firstDelayMs * 2 ** Math.min(extraFailures, 40))
  }

  private livePair(key: string, now: number): Tally | undefined {
    const pair = this.pairs.get(key)
    if (pair && now - pair.lastFailureAt > this.limits.forgetAfterMs) {
      this.pairs.delete(key)
      return undefined
    }
    return pair
  }

  private liveUsername(username: string, now: number): Tally | undefined {
    const wide = this.usernames.get(username)
    if (wide && now - wide.lastFailureAt > this.limits.usernameWindowMs) {
      this.usernames.delete(username)
      return undefined
    }
    return wide
  }

  private isTrusted(key: string, now: number): boolean {
    const until = this.trusted.get(key)
    return until !== undefined && until > now
  }
}

function pairKey(address: string, username: string): string {
  return `${address}\n${username}`
}

/** Sets an entry as the newest of its map, dropping the oldest past the cap. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!)
}
