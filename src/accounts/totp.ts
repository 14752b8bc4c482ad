import { createHmac, randomBytes } from 'node:crypto'

// RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps), as every
// authenticator app computes them; RFC 4648 base32 for the shared secret.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Decodes base32 (case, spaces and padding ignored); undefined for any other character. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch)
    if (i < 0) return undefined
    value = ((value << 5) | i) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 4226 HOTP of a counter. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', secret).update(msg).digest()
  const offset = mac[mac.length - 1]! & 0xf
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

/** The 30-second step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS)
}

export function totpCode(secretBase32: string, at: Date): string {
  return hotp(base32Decode(secretBase32)!, totpStep(at))
}

/**
 * The step a code is right for (now, or one step either side for clocks that drift), if it is
 * later than `lastStep`: a code accepted once is not accepted again.
 */
export function matchTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const secret = base32Decode(secretBase32)
  if (!secret || secret.length === 0) return undefined
  const now = totpStep(at)
  for (const step of [now, now - 1, now + 1]) {
    if (lastStep !== null && step <= lastStep) continue
    if (hotp(secret, step) === code) return step
  }
  return undefined
}

/** A new 160-bit secret, base32 (what RFC 4226 recommends). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

/** The otpauth:// URI authenticator apps read (as a QR code or pasted). */
export function otpauthUri(o: { issuer: string; account: string; secret: string }): string {
  const label = encodeURIComponent(`${o.issuer}:${o.account}`)
  // percent-encoding (%20, not URLSearchParams' "+"): apps read the label and issuer that way
  const q = `secret=${o.secret}&issuer=${encodeURIComponent(o.issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_STEP_SECONDS}`
  return `otpauth://totp/${label}?${q}`
}
