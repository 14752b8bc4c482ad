import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as OTPAuth from 'otpauth'
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode } from './totp.ts'

// RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890"; 8-digit values.
const RFC_SECRET = Buffer.from('12345678901234567890')
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

test('HOTP at 30-second steps gives RFC 6238’s test values', () => {
  for (const [seconds, expected] of RFC_VECTORS) assert.equal(hotp(RFC_SECRET, Math.floor(seconds / 30), 8), expected, `T=${seconds}`)
})

test('base32 round-trips and refuses characters outside the alphabet', () => {
  const s = newTotpSecret()
  assert.match(s, /^[A-Z2-7]{32}$/)
  assert.deepEqual(base32Encode(base32Decode(s)!), s)
  assert.equal(base32Encode(Buffer.from('12345678901234567890')), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
  assert.deepEqual(base32Decode('GEZD GNBV gy3t'), base32Decode('GEZDGNBVGY3T'))
  assert.equal(base32Decode('GEZ1'), undefined)
})

test('codes agree with an independent implementation (otpauth) and work once, a step either side', () => {
  const secret = newTotpSecret()
  const other = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })
  const at = new Date('2026-11-30T12:00:10Z')
  const code = other.generate({ timestamp: at.getTime() })
  assert.equal(totpCode(secret, at), code)
  const step = matchTotp(secret, code, at, null)
  assert.equal(typeof step, 'number')
  assert.equal(matchTotp(secret, code, at, step!), undefined, 'the same code is refused a second time')
  assert.equal(typeof matchTotp(secret, code, new Date(at.getTime() + 30_000), null), 'number', 'one step late still works')
  assert.equal(matchTotp(secret, code, new Date(at.getTime() + 90_000), null), undefined, 'three steps late does not')
  assert.equal(matchTotp(secret, '12345', at, null), undefined)
  assert.equal(matchTotp(secret, '１２３４５６', at, null), undefined, 'only ASCII digits')
})

test('the otpauth URI is one authenticator apps (and otpauth) read back', () => {
  const secret = newTotpSecret()
  const uri = otpauthUri({ issuer: 'Dateline Пресс', account: 'ed@news.example', secret })
  const parsed = OTPAuth.URI.parse(uri) as OTPAuth.TOTP
  assert.equal(parsed.issuer, 'Dateline Пресс')
  assert.equal(parsed.label, 'ed@news.example')
  assert.equal(parsed.secret.base32, secret)
})
