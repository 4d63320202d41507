/** Fewest characters a new password may have (older accounts with shorter ones still sign in). */
export const MIN_PASSWORD_LENGTH = 10

/** Most characters a password may have: beyond it, hashing is wasted work an attacker could ask for. */
export const MAX_PASSWORD_LENGTH = 256
