import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'

/**
 * A push service stand-in (RFC 8030) for tests: accepts POSTs to /push/{id} over HTTPS with a
 * VAPID Authorization header (RFC 8292, whose JWT it verifies), answers 201 Created, or 410 Gone
 * for subscriptions marked expired; and its browser side: a client holding a subscription's P-256
 * key pair and auth secret that decrypts aes128gcm payloads (RFC 8188/8291) with node:crypto.
 */

export interface PushMessage {
  subscription: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** The VAPID JWT's claims, once its ES256 signature checked out against the k= key. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string }
}

export interface TestSubscriber {
  id: string
  endpoint: string
  /** As PushSubscription.toJSON() gives it. */
  json: { endpoint: string; keys: { p256dh: string; auth: string } }
  decrypt(body: Buffer): string
}

/** Why the stand-in cannot run here (it needs openssl for its certificate), or undefined. */
export function pushServiceSkipReason(): string | undefined {
  return spawnSync('openssl', ['version']).error ? 'openssl is not installed (the push service stand-in makes its TLS certificate with it)' : undefined
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-cert-'))
  try {
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { encoding: 'utf8' },
    )
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`)
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Checks `Authorization: vapid t=<jwt>, k=<key>` (RFC 8292): the signature, and returns the claims. */
function verifyVapid(header: string | undefined): PushMessage['vapid'] {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '')
  if (!m) throw new Error(`no VAPID authorization: ${header}`)
  const [h, p, sig] = m[1]!.split('.') as [string, string, string]
  const raw = Buffer.from(m[2]!, 'base64url')
  const key = crypto.createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  })
  const ok = crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))
  if (!ok) throw new Error('VAPID signature does not verify')
  if (JSON.parse(Buffer.from(h, 'base64url').toString()).alg !== 'ES256') throw new Error('VAPID JWT is not ES256')
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud: string; exp: number; sub: string }
  return { ...claims, publicKey: m[2]! }
}

const hmac = (key: Buffer, data: Buffer) => crypto.createHmac('sha256', key).update(data).digest()

/** A subscriber: its own P-256 key pair and 16-byte auth secret, as a browser makes them. */
function subscriber(endpoint: string, id: string): TestSubscriber {
  const ecdh = crypto.createECDH('prime256v1')
  ecdh.generateKeys()
  const uaPublic = ecdh.getPublicKey()
  const auth = crypto.randomBytes(16)
  return {
    id,
    endpoint,
    json: { endpoint, keys: { p256dh: uaPublic.toString('base64url'), auth: auth.toString('base64url') } },
    // RFC 8291 section 3.4 and RFC 8188: one record, header salt(16) rs(4) idlen(1) keyid(65)
    decrypt(body) {
      const salt = body.subarray(0, 16)
      const idlen = body[20]!
      const asPublic = body.subarray(21, 21 + idlen)
      const ciphertext = body.subarray(21 + idlen)
      const ecdhSecret = ecdh.computeSecret(asPublic)
      const prkKey = hmac(auth, ecdhSecret)
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic])
      const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]))
      const prk = hmac(salt, ikm)
      const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16)
      const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12)
      const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce)
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()])
      // the last record ends with the delimiter 0x02, then any zero padding
      let end = padded.length - 1
      while (end >= 0 && padded[end] === 0) end--
      if (padded[end] !== 2) throw new Error('no last-record delimiter')
      return padded.subarray(0, end).toString('utf8')
    },
  }
}

/** Starts the push service on 127.0.0.1; `ca` is its certificate, for the sender to trust. */
export async function startPushService() {
  const { key, cert } = selfSignedCertificate()
  const received: PushMessage[] = []
  const expired = new Set<string>()
  const waiters: { id: string; resolve: (m: PushMessage) => void }[] = []
  const rejected: string[] = []
  const server = https.createServer({ key, cert }, (req, res) => {
    const m = /^\/push\/([a-z0-9]+)$/.exec(req.url ?? '')
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || !m) return res.writeHead(404).end()
      if (expired.has(m[1]!)) return res.writeHead(410).end('subscription expired')
      let vapid: PushMessage['vapid']
      try {
        vapid = verifyVapid(req.headers.authorization)
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`)
        if (!/^\d+$/.test(String(req.headers.ttl))) throw new Error('no TTL')
      } catch (e) {
        rejected.push((e as Error).message)
        return res.writeHead(403).end((e as Error).message)
      }
      const msg = { subscription: m[1]!, headers: req.headers, body: Buffer.concat(chunks), vapid }
      received.push(msg)
      const i = waiters.findIndex((w) => w.id === msg.subscription)
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(msg)
      res.writeHead(201, { location: `/message/${crypto.randomUUID()}` }).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  const origin = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    origin,
    ca: cert,
    received,
    rejected,
    subscribe(): TestSubscriber {
      const id = crypto.randomBytes(8).toString('hex')
      return subscriber(`${origin}/push/${id}`, id)
    },
    /** From now on the service answers 410 Gone for this subscription. */
    expire(s: TestSubscriber) {
      expired.add(s.id)
    },
    next(s: TestSubscriber, timeoutMs = 10_000): Promise<PushMessage> {
      const have = received.find((m) => m.subscription === s.id)
      if (have) return Promise.resolve(have)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no push message arrived')), timeoutMs)
        waiters.push({ id: s.id, resolve: (m) => (clearTimeout(timer), resolve(m)) })
      })
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
