import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

/**
 * A small S3-compatible server for tests: PUT, GET, HEAD and DELETE of objects in path-style
 * buckets, kept as files in a temporary folder. Every request must carry a valid AWS Signature
 * Version 4, checked here from the raw request by its own code (written from AWS's description of
 * the canonical request, not by calling the app's signer), and a PUT's body must hash to the
 * x-amz-content-sha256 it was signed with. An object is written to a temporary file and renamed
 * into place only when the whole body arrived and checked out, as S3 never shows half an object.
 * `failNext` makes the next requests fail (a 500, or the connection dropped halfway through).
 */
export interface TestS3 {
  endpoint: string
  bucket: string
  accessKey: string
  secretKey: string
  region: string
  /** Objects stored, by key. */
  objects(): Map<string, Buffer>
  /** Every request, with the status it got. */
  log: { method: string; path: string; status: number }[]
  failNext(how: 'error' | 'drop', count?: number): void
  close(): Promise<void>
}

const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

function xmlError(res: http.ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/xml' })
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`)
  return status
}

/** Why the request's signature is not valid, or undefined when it is. */
function checkSignature(req: http.IncomingMessage, o: { accessKey: string; secretKey: string; region: string; now: Date }): string | undefined {
  const auth = req.headers.authorization ?? ''
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth)
  if (!m) return 'no AWS4-HMAC-SHA256 authorization'
  const [, accessKey, day, region, signedHeaders, signature] = m as unknown as string[]
  if (accessKey !== o.accessKey) return 'unknown access key'
  if (region !== o.region) return `wrong region ${region}`
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== day) return 'bad x-amz-date'
  const part = (from: number, to: number) => Number(amzDate.slice(from, to))
  const at = Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(9, 11), part(11, 13), part(13, 15))
  if (Math.abs(at - o.now.getTime()) > 15 * 60_000) return 'request time too skewed'
  const names = signedHeaders!.split(';')
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) if (!names.includes(required)) return `${required} not signed`
  const url = new URL(req.url ?? '/', 'http://x')
  const query = [...url.searchParams]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&')
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('')
  const canonical = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, String(req.headers['x-amz-content-sha256'])].join('\n')
  const scope = `${day}/${region}/s3/aws4_request`
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`
  const key = hmac(hmac(hmac(hmac('AWS4' + o.secretKey, day!), region!), 's3'), 'aws4_request')
  const expected = createHmac('sha256', key).update(toSign).digest()
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) return 'signature does not match'
  return undefined
}

/** Starts the server on a free port of 127.0.0.1 with one bucket. */
export async function startTestS3(o: { bucket?: string; accessKey?: string; secretKey?: string; region?: string } = {}): Promise<TestS3> {
  const bucket = o.bucket ?? 'dateline-test'
  const accessKey = o.accessKey ?? 'AKIDTESTDATELINE'
  const secretKey = o.secretKey ?? 'test/secret+key/for=dateline'
  const region = o.region ?? 'eu-test-1'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-s3-'))
  const log: TestS3['log'] = []
  const failures: ('error' | 'drop')[] = []
  const fileOf = (key: string) => path.join(dir, encodeURIComponent(key))

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<number> => {
    const failure = failures.shift()
    if (failure === 'drop') {
      // read a little of the body, then hang up
      await new Promise<void>((resolve) => req.once('data', () => resolve()).once('end', () => resolve()))
      req.socket.destroy()
      return 0
    }
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    if (failure === 'error') return xmlError(res, 500, 'InternalError', 'We encountered an internal error. Please try again.')
    const why = checkSignature(req, { accessKey, secretKey, region, now: new Date() })
    if (why) return xmlError(res, 403, 'SignatureDoesNotMatch', why)
    const url = new URL(req.url ?? '/', 'http://x')
    const [, b, ...rest] = url.pathname.split('/').map(decodeURIComponent)
    if (b !== bucket) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist')
    const key = rest.join('/')
    if (!key) return xmlError(res, 400, 'InvalidRequest', 'no key')
    if (req.method === 'PUT') {
      const claimed = String(req.headers['x-amz-content-sha256'])
      if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== sha256(body)) return xmlError(res, 400, 'XAmzContentSHA256Mismatch', 'body does not match its hash')
      if (req.headers['content-length'] !== undefined && Number(req.headers['content-length']) !== body.length)
        return xmlError(res, 400, 'IncompleteBody', 'body shorter than content-length')
      const tmp = `${fileOf(key)}.${process.pid}.tmp`
      fs.writeFileSync(tmp, body)
      fs.renameSync(tmp, fileOf(key))
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end()
      return 200
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!fs.existsSync(fileOf(key))) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
      const data = fs.readFileSync(fileOf(key))
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length })
      res.end(req.method === 'GET' ? data : undefined)
      return 200
    }
    if (req.method === 'DELETE') {
      fs.rmSync(fileOf(key), { force: true })
      res.writeHead(204).end()
      return 204
    }
    return xmlError(res, 405, 'MethodNotAllowed', 'not here')
  }

  const server = http.createServer((req, res) => {
    handle(req, res).then(
      (status) => log.push({ method: req.method ?? '', path: req.url ?? '', status }),
      (e: Error) => {
        log.push({ method: req.method ?? '', path: req.url ?? '', status: 500 })
        if (!res.headersSent) xmlError(res, 500, 'InternalError', e.message)
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKey,
    secretKey,
    region,
    log,
    objects: () =>
      new Map(
        fs
          .readdirSync(dir)
          .filter((f) => !f.endsWith('.tmp'))
          .map((f) => [decodeURIComponent(f), fs.readFileSync(path.join(dir, f))]),
      ),
    failNext(how, count = 1) {
      for (let i = 0; i < count; i++) failures.push(how)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
