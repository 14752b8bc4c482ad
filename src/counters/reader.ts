import { createHash, randomBytes } from 'node:crypto'
import { isbot } from 'isbot'

/** Who sent a request, as far as counting goes: never stored, only hashed with the day's salt. */
export interface Reader {
  ip: string
  userAgent: string | undefined
}

/** Only people count: a request without a user agent, or from a known bot or crawler, does not. */
export function isCountable(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.length > 1000) return false
  return !isbot(userAgent)
}

/** "20261129": the UTC day the salt belongs to. */
export function saltDay(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '')
}

/** A fresh random salt (kept in memory or Redis for one day, never in the database). */
export function newSalt(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * The reader's identity for today: a salted hash of IP and user agent. The salt changes every
 * UTC day and is thrown away, so hashes cannot be linked across days or reversed to an address.
 */
export function readerHash(salt: string, reader: Reader): string {
  return createHash('sha256')
    .update(`${salt}\n${reader.ip}\n${reader.userAgent ?? ''}`)
    .digest('base64url')
    .slice(0, 22)
}

/** The hash of the IP alone (for the per-address cap), with the same daily salt. */
export function addressHash(salt: string, ip: string): string {
  return createHash('sha256').update(`${salt}\n${ip}`).digest('base64url').slice(0, 22)
}
