import { randomInt } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Length of new codes: 62^7 ≈ 3.5 × 10^12, so random codes rarely collide and cannot be walked. */
export const CODE_LENGTH = 7

/** What a short code may look like in a URL (older or longer codes included). */
export const CODE_PATTERN = '^[0-9A-Za-z]{4,16}$'
const CODE_RE = new RegExp(CODE_PATTERN)

/** A new random base-62 code from the system's CSPRNG (no order to guess from). */
export function newCode(length = CODE_LENGTH): string {
  let code = ''
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(62)]
  return code
}

/** True when `text` could be a short code; anything else is answered 404 without a query. */
export function isCode(text: string): boolean {
  return CODE_RE.test(text)
}
