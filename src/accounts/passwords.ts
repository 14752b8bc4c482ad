import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// Argon2id (the library's default algorithm) with OWASP's minimum parameters.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 200

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

/** Verifies a password against a stored hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** What is wrong with a proposed password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters long.`
  if (password.length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters long.`
  if (new Set(password).size < 4) return 'Password must not repeat the same few characters.'
  return undefined
}

/** A random password people can type: 20 characters from an unambiguous alphabet. */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(length * 2)
  let out = ''
  for (let i = 0; out.length < length; i++) {
    const b = bytes[i % bytes.length]!
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length]
  }
  return out
}

/** A hash that verifies no password: keeps sign-in timing the same for unknown e-mails. */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WxY1L1r7aJjYzVY0n9m1YDQ3ZJm5O4zJ5v0e9GZl3Tg'
