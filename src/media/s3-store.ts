import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import type { S3Settings } from '../config.ts'
import { AppError } from '../errors.ts'
import type { OriginalStore } from './original-store.ts'
import { sourceStream, type UploadSource } from './upload-source.ts'

/**
 * Originals in an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2, …), signed with AWS
 * Signature Version 4 by node:crypto: no SDK (the AWS one is megabytes for three calls). Objects are
 * named originals/ab/abcd… by the sha256 of their bytes, which is also the signed payload hash, so
 * the store itself refuses a body that arrived different from what was sent. A PUT either creates
 * the whole object or nothing (S3 never shows a half-written object); the caller deletes it again
 * if the transaction that records it fails.
 */

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex')
/** How long one request may take: a 50 MB original over a slow link, but never forever. */
const DEADLINE_MS = 120_000

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export interface SignInput {
  method: string
  url: URL
  /** Hex sha256 of the body (or of '' with no body). */
  payloadSha256: string
  now: Date
  headers?: Record<string, string>
}

/** The headers that sign a request with AWS Signature Version 4 (header form, service s3). */
export function signV4(s: Pick<S3Settings, 'accessKey' | 'secretKey' | 'region'>, r: SignInput): Record<string, string> {
  const amzDate = r.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: r.url.host,
    'x-amz-content-sha256': r.payloadSha256,
    'x-amz-date': amzDate,
  }
  const names = Object.keys(headers).sort()
  const query = [...r.url.searchParams]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonical = [
    r.method,
    r.url.pathname
      .split('/')
      .map((seg) => encode(decodeURIComponent(seg)))
      .join('/'),
    query,
    names.map((n) => `${n}:${headers[n]!.replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    r.payloadSha256,
  ].join('\n')
  const scope = `${day}/${s.region}/s3/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()
  const key = hmac(hmac(hmac(hmac(`AWS4${s.secretKey}`, day), s.region), 's3'), 'aws4_request')
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${s.accessKey}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  }
}

/** The URL of an object: endpoint/bucket/key (path style) or bucket.endpoint/key (virtual-hosted style). */
export function objectUrl(s: Pick<S3Settings, 'endpoint' | 'bucket' | 'urlStyle'>, key: string): URL {
  const url = new URL(s.endpoint.href)
  const base = url.pathname.replace(/\/+$/, '')
  if (s.urlStyle === 'virtual') {
    url.hostname = `${s.bucket}.${url.hostname}`
    url.pathname = `${base}/${key}`
  } else url.pathname = `${base}/${s.bucket}/${key}`
  return url
}

interface S3Response {
  status: number
  body: Buffer
}

function send(url: URL, method: string, headers: Record<string, string>, body?: Readable | Buffer): Promise<S3Response> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, signal: AbortSignal.timeout(DEADLINE_MS) }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    request.on('error', reject)
    if (!body) request.end()
    else if (Buffer.isBuffer(body)) request.end(body)
    else {
      body.on('error', (e) => request.destroy(e))
      body.pipe(request)
    }
  })
}

/** What the store said, for the log (S3 errors are XML with a Code and a Message). */
const describe = (r: S3Response) => {
  const text = r.body.toString('utf8', 0, 2000)
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1]
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1]
  return `${r.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`
}

const unavailable = (what: string, cause: unknown) =>
  new AppError('MEDIA_STORE_UNAVAILABLE', { cause: cause instanceof Error ? cause : new Error(`${what}: ${String(cause)}`) })

/** Originals in an S3-compatible bucket. `now` is the clock requests are signed with. */
export function s3Store(s: S3Settings, o: { now?: () => Date } = {}): OriginalStore {
  const now = o.now ?? (() => new Date())
  const keyOf = (sha256: string) => `originals/${sha256.slice(0, 2)}/${sha256}`
  const call = async (method: string, sha256: string, body?: { source: UploadSource; size: number }) => {
    const url = objectUrl(s, keyOf(sha256))
    const headers = signV4(s, {
      method,
      url,
      payloadSha256: body ? sha256 : EMPTY_SHA256,
      now: now(),
      headers: body ? { 'content-length': String(body.size), 'content-type': 'application/octet-stream' } : {},
    })
    try {
      return await send(url, method, headers, body && sourceStream(body.source))
    } catch (e) {
      throw unavailable(`${method} ${url.href}`, e)
    }
  }
  return {
    kind: 's3',
    async put(_db, sha256, source, size) {
      const r = await call('PUT', sha256, { source, size })
      if (r.status !== 200) throw unavailable(`PUT ${keyOf(sha256)}`, describe(r))
    },
    async get(_db, sha256) {
      const r = await call('GET', sha256)
      if (r.status === 404) return undefined
      if (r.status !== 200) throw unavailable(`GET ${keyOf(sha256)}`, describe(r))
      // what came back is what was stored: its name is its hash
      if (createHash('sha256').update(r.body).digest('hex') !== sha256) throw unavailable(`GET ${keyOf(sha256)}`, 'the bytes do not match their hash')
      return r.body
    },
    async remove(_db, sha256) {
      const r = await call('DELETE', sha256)
      if (r.status !== 204 && r.status !== 200 && r.status !== 404) throw unavailable(`DELETE ${keyOf(sha256)}`, describe(r))
    },
  }
}
