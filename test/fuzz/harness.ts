/**
 * The fuzz harness: starts the site in its own process (server.ts) on loopback, then sends it
 * generated bad input on every route it has — wrong types, encodings, sizes, methods, numbers,
 * bodies, headers, and malformed HTTP on a raw socket — as anonymous, reader and administrator,
 * and reports every 5xx, every request that got no answer, and a crash if the process dies.
 * Bounded by a request count and a time limit; seeded, so a run can be repeated.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface FuzzOptions {
  requests: number
  seconds: number
  /** PostgreSQL URL; absent: the embedded database in a temporary folder. */
  databaseUrl?: string
  concurrency?: number
  seed?: number
  /** Progress lines (every 10%). */
  progress?: (line: string) => void
}

export interface ServerError {
  method: string
  path: string
  as: string
  contentType: string
  body: string
  status: number | 'no answer'
  answer: string
}

export interface FuzzReport {
  database: 'pglite' | 'postgres'
  seed: number
  routes: number
  requests: number
  seconds: number
  requestsPerSecond: number
  /** Answers by status code ("raw" for the malformed-HTTP socket, "no answer" for timeouts). */
  statuses: Record<string, number>
  /** 5xx answers and requests left unanswered (501 Not Implemented is reported apart: oEmbed's spec asks for it). */
  serverErrors: number
  samples: ServerError[]
  notImplemented: number
  /** Requests that ended without an HTTP answer on the client's side ("0" in statuses): the client refused to send them, or the connection was reset. */
  clientRefusals: string[]
  /** Null when the process stayed up; otherwise what it printed last. */
  crash: string | null
  /** Error lines the app logged (pino level 50+). */
  loggedErrors: number
  loggedSamples: string[]
  /** Whether the administrator's session still worked at the end (the fuzzer avoids signing it out). */
  adminSessionAtEnd: boolean
}

interface Started {
  port: number
  routes: { method: string; url: string; policy: string; csrf: boolean }[]
  admin: { cookie: string; csrf: string }
  reader: { cookie: string; csrf: string }
  articleIds: number[]
}

/** Mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number) => next() < p }
}
type Rng = ReturnType<typeof prng>

/** Values that have broken parsers somewhere: numbers, encodings, scripts, sizes, injections. */
const VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '2',
  '007',
  '1.5',
  '1e3',
  '1e309',
  '-1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  '0x1F',
  '9007199254740993',
  '99999999999999999999999',
  '-0',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '[object Object]',
  '__proto__',
  'constructor',
  'a\u0000b',
  '\u0000',
  '\t\r\n',
  '../../etc/passwd',
  '..\\..\\windows',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1--",
  '"; DROP TABLE articles; --',
  '${7*7}{{7*7}}',
  'Привет мир',
  'Ґанок їжак',
  'مرحبا بالعالم',
  'سلام دنیا',
  'שלום עולם',
  '中文新闻标题',
  '日本語のニュース',
  '한국어 뉴스',
  'हिन्दी समाचार',
  'Ελληνικά νέα',
  'ข่าวภาษาไทย',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0302\u0303',
  '\u202Eevil\u202C',
  '\u2066isolate\u2069',
  '\uFEFFbom',
  'x'.repeat(300),
  'y'.repeat(10_000),
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:5432/',
  'http://[::1]/',
  'file:///etc/passwd',
  '//evil.example/',
  'https://example.com/x?y=1#z',
  '2026-02-30',
  '2026-13-45T25:61:61Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'a@b',
  'not-an-email',
  'someone@example.com',
  'en',
  'ru',
  'ar',
  'zzz',
  'admin',
  'reporter',
  'editor',
  'published',
  'draft',
] as const

/** Raw (already percent-encoded, or deliberately broken) path and query pieces. */
const RAW_PIECES = [
  '%',
  '%zz',
  '%00',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%2e%2e%2f',
  '%252e',
  '%FF%FE',
  '+',
  '%20',
  '%0d%0aSet-Cookie:%20x=1',
  ';',
  '&&',
  '==',
]

const QUERY_NAMES = [
  'page',
  'cursor',
  'before',
  'after',
  'limit',
  'q',
  'sort',
  'order',
  'section',
  'tag',
  'edition',
  'format',
  'url',
  'maxwidth',
  'maxheight',
  'next',
  'from',
  'to',
  'w',
  'width',
  'ratio',
  'status',
  'since',
  'id',
  'lang',
  'token',
  'callback',
]

const FIELD_NAMES = [
  'headline',
  'lead',
  'body',
  'slug',
  'sectionId',
  'tags',
  'authors',
  'status',
  'publishAt',
  'email',
  'password',
  'currentPassword',
  'newPassword',
  'displayName',
  'name',
  'role',
  'text',
  'content',
  'parentId',
  'commentId',
  'reason',
  'url',
  'title',
  'code',
  'language',
  'direction',
  'timeZone',
  'alt',
  'caption',
  'credit',
  'copyright',
  'focalX',
  'focalY',
  'version',
  'revision',
  'idempotencyKey',
  'scope',
  'scopes',
  'expiresAt',
  'sections',
  'editionIds',
  'pinned',
  'entry',
  'summary',
  'urgency',
  'word',
  'words',
  'settings',
  'endpoint',
  'keys',
  'auth',
  'p256dh',
  'id',
  'ids',
  'next',
  '_csrf',
  'csrf',
  '__proto__',
  'constructor',
]

const METHODS_EXTRA = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE']

/** Routes whose success would end the fuzzer's own sessions: sent without credentials. */
const SESSION_ENDING = /sign-out|signout|logout|password|two-factor|2fa|sessions|\/tokens|account\/(email|delete)|disable|staff\/:id/

function randomJson(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 5 : 9)
  switch (k) {
    case 0:
      return null
    case 1:
      return r.chance(0.5)
    case 2:
      return r.pick([0, -1, 1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE])
    case 3:
    case 4:
      return r.pick(VALUES)
    case 5:
    case 6: {
      const o: Record<string, unknown> = {}
      for (let i = r.int(6); i > 0; i--) o[r.chance(0.85) ? r.pick(FIELD_NAMES) : r.pick(VALUES)] = randomJson(r, depth + 1)
      return o
    }
    case 7:
      return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1))
    default: {
      // deep nesting
      let v: unknown = r.pick(VALUES)
      for (let i = 0; i < 200 + r.int(2000); i++) v = r.chance(0.5) ? [v] : { a: v }
      return v
    }
  }
}

function jsonText(r: Rng): string {
  if (r.chance(0.15))
    return r.pick([
      '{',
      '{"a":',
      '[1,2,',
      'nul',
      '{"a":1}{"b":2}',
      '\u0000',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '1e309',
      '"' + 'z'.repeat(200_000) + '"',
      '{"a":"\\ud800"}',
      '\uFEFF{}',
    ])
  // mostly objects, so handlers get past "body must be an object"
  const o: Record<string, unknown> = {}
  for (let i = 1 + r.int(7); i > 0; i--) o[r.pick(FIELD_NAMES)] = randomJson(r, 1)
  return JSON.stringify(r.chance(0.85) ? o : randomJson(r))
}

function formText(r: Rng): string {
  const parts: string[] = []
  for (let i = 1 + r.int(7); i > 0; i--) {
    const name = r.chance(0.9) ? r.pick(FIELD_NAMES) : r.pick(RAW_PIECES)
    const value = r.chance(0.8) ? encodeURIComponent(r.pick(VALUES)) : r.pick(RAW_PIECES)
    parts.push(`${r.chance(0.95) ? encodeURIComponent(name) : name}=${value}`)
  }
  return parts.join('&')
}

function multipartBody(r: Rng): { type: string; body: Buffer } {
  const boundary = r.chance(0.9) ? `----fuzz${r.int(1e9)}` : r.pick(['', '"', 'x'.repeat(100), 'a b'])
  const chunks: Buffer[] = []
  for (let i = 1 + r.int(3); i > 0; i--) {
    const name = r.pick(FIELD_NAMES.concat(['file', 'files', 'upload', 'image']))
    const filename = r.chance(0.5) ? `; filename="${r.pick(['a.jpg', '../../x.png', '<svg>.svg', 'ф.gif', 'a\u0000.png', ''])}"` : ''
    const content = r.chance(0.3)
      ? r.pick([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), // a JPEG that stops
          Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\xff\xff\0\0\xff\xff\x08\x06', 'latin1'), // a PNG claiming 65535²
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
          Buffer.from('GIF89a'),
        ])
      : Buffer.from(r.pick(VALUES))
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${name}"${filename}\r\ncontent-type: ${r.pick(['image/jpeg', 'text/plain', 'image/svg+xml', 'application/octet-stream'])}\r\n\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    )
  }
  if (r.chance(0.85)) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) }
}

function fillPath(r: Rng, url: string, ids: number[]): string {
  return url
    .replace(/:(\w+)(\([^)]*\))?/g, () => {
      if (ids.length && r.chance(0.3)) return String(r.pick(ids))
      if (r.chance(0.15)) return r.pick(RAW_PIECES)
      return encodeURIComponent(r.pick(VALUES))
    })
    .replace(/\*$/, () => Array.from({ length: r.int(4) }, () => (r.chance(0.2) ? r.pick(RAW_PIECES) : encodeURIComponent(r.pick(VALUES)))).join('/'))
}

function query(r: Rng): string {
  if (r.chance(0.45)) return ''
  const parts: string[] = []
  for (let i = 1 + r.int(4); i > 0; i--) {
    const name = r.pick(QUERY_NAMES)
    const v = r.chance(0.85) ? encodeURIComponent(r.pick(VALUES)) : r.pick(RAW_PIECES)
    parts.push(r.chance(0.05) ? `${name}[]=${v}` : `${name}=${v}`)
    if (r.chance(0.1)) parts.push(`${name}=${encodeURIComponent(r.pick(VALUES))}`) // the same name twice
  }
  return '?' + parts.join('&')
}

function clientAddress(r: Rng): string {
  return r.chance(0.9) ? `10.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}` : `2001:db8::${r.int(65536).toString(16)}`
}

interface Planned {
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  as: string
}

function plan(r: Rng, s: Started): Planned {
  const route = r.pick(s.routes)
  let method = r.chance(0.93) ? route.method : r.pick(METHODS_EXTRA)
  let target = fillPath(r, route.url, s.articleIds)
  if (r.chance(0.04)) target = '/' + encodeURIComponent(r.pick(VALUES)) + r.pick(['', '/', '.xml', '.json', '/feed'])
  target += query(r)
  const headers: Record<string, string> = { 'x-forwarded-for': clientAddress(r) }
  let as = r.pick(['anonymous', 'reader', 'admin', 'admin'])
  if (SESSION_ENDING.test(route.url)) as = 'anonymous'
  if (as !== 'anonymous') {
    const who = as === 'admin' ? s.admin : s.reader
    headers.cookie = r.chance(0.95) ? who.cookie : `${who.cookie}; dl_session=${r.pick(VALUES).replace(/[^\x21-\x7e]/g, '')}`
    if (r.chance(0.9)) headers['x-csrf-token'] = who.csrf
    else if (r.chance(0.5)) headers['x-csrf-token'] = 'wrong'
  } else if (r.chance(0.1)) headers.cookie = r.pick(['dl_session=', 'dl_session=abc', 'a=b; a=c', '=', ';;;', 'dl_session=' + 'x'.repeat(4000)])
  if (r.chance(0.2))
    headers.accept = r.pick(['application/json', 'text/html', '*/*', 'application/xml', 'text/event-stream', 'image/avif,image/webp', '', 'x/y;q=abc'])
  if (r.chance(0.05)) headers['if-none-match'] = r.pick(['*', 'W/"x"', '"a", "b"', '"' + 'x'.repeat(1000), ',,,'])
  if (r.chance(0.05)) headers.range = r.pick(['bytes=0-', 'bytes=-1', 'bytes=99999999-', 'bytes=5-1', 'bytes=0-1,2-3', 'items=1'])
  if (r.chance(0.05)) headers['accept-language'] = r.pick(['ar', 'zh-Hant-TW', 'xx-YY;q=2', '*', 'ru;q=0.5, en;q=abc'])
  if (r.chance(0.03)) headers['accept-encoding'] = r.pick(['br', 'gzip;q=0', 'identity;q=0, *;q=0', 'zstd'])
  if (r.chance(0.03)) headers.authorization = r.pick(['Bearer ', 'Bearer x', 'Basic Og==', 'Bearer ' + 'a'.repeat(500)])
  let body: Buffer | undefined
  const writes = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE'
  if (writes || r.chance(0.03)) {
    const kind = r.int(10)
    if (kind < 5) {
      headers['content-type'] = r.chance(0.95)
        ? 'application/json'
        : r.pick(['application/json; charset=latin1', 'application/JSON', 'application/json; charset=utf-16'])
      body = Buffer.from(jsonText(r))
    } else if (kind < 8) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = Buffer.from(formText(r))
    } else if (kind < 9) {
      const m = multipartBody(r)
      headers['content-type'] = m.type
      body = m.body
    } else {
      const t = r.pick(['text/plain', 'application/xml', 'application/octet-stream', 'image/jpeg', '', 'x'])
      if (t) headers['content-type'] = t
      body = r.chance(0.5) ? Buffer.from(r.pick(VALUES)) : Buffer.from(Array.from({ length: r.int(4096) }, () => r.int(256)))
    }
    if (r.chance(0.02)) body = Buffer.alloc(3 * 1024 * 1024, 0x61) // over the body limit
  }
  if (method === 'HEAD' || method === 'TRACE') body = undefined
  if (method === 'GET' && body && r.chance(0.5)) method = 'POST'
  return { method, path: target, headers, ...(body ? { body } : {}), as }
}

/** Malformed HTTP, straight onto a socket: the server must answer 4xx or close, never 5xx or die. */
const RAW_REQUESTS = [
  'GET /%%% HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nX: ' + 'a'.repeat(70_000) + '\r\n\r\n',
  'POST /api/admin/articles HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /api/admin/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
  'POST /discussion/1/comments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
  'POST /discussion/1/comments HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \0\r\n\r\n',
  'GET /search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n',
  'CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\n\r\n',
  'GET / HTTP/1.1\r\n\r\n',
  '\r\n\r\n\r\n',
  'GET /' + 'a'.repeat(100_000) + ' HTTP/1.1\r\nHost: x\r\n\r\n',
]

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let got = ''
    const done = (s: string) => {
      socket.destroy()
      resolve(s)
    }
    const timer = setTimeout(() => done(got || 'no answer'), 10_000)
    socket.on('data', (d) => {
      got += d.toString('latin1')
      if (got.includes('\r\n')) {
        clearTimeout(timer)
        done(got.slice(0, got.indexOf('\r\n')))
      }
    })
    socket.on('error', () => {
      clearTimeout(timer)
      done(got || 'closed')
    })
    socket.on('close', () => {
      clearTimeout(timer)
      done(got || 'closed')
    })
    socket.end(Buffer.from(text, 'latin1'))
  })
}

function send(agent: http.Agent | false, port: number, p: Planned): Promise<{ status: number | 'no answer'; text: string }> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (v: { status: number | 'no answer'; text: string }) => {
      if (!settled) {
        settled = true
        resolve(v)
      }
    }
    let req: http.ClientRequest
    try {
      req = http.request({ host: '127.0.0.1', port, method: p.method, path: p.path, headers: p.headers, agent }, (res) => {
        const chunks: Buffer[] = []
        let size = 0
        // a stream (server-sent events) has answered once its headers are here: its status is what
        // counts (but HEAD must end by itself: a stream held open for HEAD is a finding)
        if (p.method !== 'HEAD' && String(res.headers['content-type']).startsWith('text/event-stream')) {
          setTimeout(() => res.destroy(), 50)
        }
        res.on('data', (c: Buffer) => {
          if (size < 2000) chunks.push(c)
          size += c.length
        })
        res.on('close', () => finish({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, 500) }))
        res.on('error', () => finish({ status: res.statusCode ?? 0, text: '' }))
      })
    } catch (e) {
      // the client library refused the request (an invalid header value): not the server's doing
      finish({ status: 0, text: (e as Error).message })
      return
    }
    req.setTimeout(20_000, () => {
      req.destroy()
      finish({ status: 'no answer', text: 'no answer within 20 s' })
    })
    req.on('error', (e) => finish({ status: 0, text: e.message }))
    req.end(p.body)
  })
}

async function startServer(o: FuzzOptions, dataDir: string): Promise<{ child: ChildProcess; started: Started; stderr: () => string; exited: Promise<void> }> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, FUZZ_DATA_DIR: dataDir, ...(o.databaseUrl ? { FUZZ_DATABASE_URL: o.databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d
    if (err.length > 4_000_000) err = err.slice(-2_000_000)
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const deadline = Date.now() + 180_000
  while (!out.includes('\n')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the site did not start for fuzzing:\n${out}\n${err}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { child, started: JSON.parse(out.slice(0, out.indexOf('\n'))) as Started, stderr: () => err, exited }
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const seed = o.seed ?? Date.now() % 2 ** 31
  const r = prng(seed)
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-fuzz-'))
  const { child, started, stderr, exited } = await startServer(o, path.join(dataDir, 'data'))
  let crash: string | null = null
  child.once('exit', (code, signal) => {
    crash = `the site's process ended (code ${code}, signal ${signal}):\n${stderr().slice(-3000)}`
  })
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency ?? 8 })
  const statuses: Record<string, number> = {}
  const samples: ServerError[] = []
  let serverErrors = 0
  let notImplemented = 0
  const clientRefusals: string[] = []
  let sent = 0
  const t0 = performance.now()
  const until = Date.now() + o.seconds * 1000
  let nextProgress = Math.ceil(o.requests / 10)

  const worker = async () => {
    while (sent < o.requests && Date.now() < until && crash === null) {
      sent++
      if (sent >= nextProgress) {
        nextProgress += Math.ceil(o.requests / 10)
        o.progress?.(`${sent} requests, ${serverErrors} server errors, ${Math.round(sent / ((performance.now() - t0) / 1000))}/s`)
      }
      if (r.chance(0.01)) {
        const text = r.pick(RAW_REQUESTS)
        const line = await rawRequest(started.port, text)
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(line)
        const key = m ? `raw ${m[1]}` : `raw ${line === 'closed' ? 'closed' : line === 'no answer' ? 'no answer' : 'other'}`
        statuses[key] = (statuses[key] ?? 0) + 1
        if ((m && Number(m[1]) >= 500) || line === 'no answer') {
          serverErrors++
          if (samples.length < 50)
            samples.push({
              method: 'RAW',
              path: '',
              as: 'anonymous',
              contentType: '',
              body: JSON.stringify(text.slice(0, 300)),
              status: m ? Number(m[1]) : 'no answer',
              answer: line,
            })
        }
        continue
      }
      const p = plan(r, started)
      let { status, text } = await send(agent, started.port, p)
      // a kept-alive connection the server had just closed (after refusing a body) resets the next (or breaks its write:
      // EPIPE) request on it: that one is sent again on a connection of its own, where a reset is the server's doing
      if (status === 0 && /ECONNRESET|EPIPE|socket hang up/.test(text)) ({ status, text } = await send(false, started.port, p))
      const key = String(status)
      statuses[key] = (statuses[key] ?? 0) + 1
      if (status === 0 && clientRefusals.length < 20) clientRefusals.push(`${p.method} ${p.path.slice(0, 100)}: ${text}`)
      if (status === 501) notImplemented++
      else if (status === 'no answer' || status >= 500) {
        serverErrors++
        if (samples.length < 50)
          samples.push({
            method: p.method,
            path: p.path.slice(0, 400),
            as: p.as,
            contentType: p.headers['content-type'] ?? '',
            body: (p.body?.toString('utf8') ?? '').slice(0, 400),
            status,
            answer: text,
          })
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency ?? 8 }, worker))
  const seconds = (performance.now() - t0) / 1000

  let adminSessionAtEnd = false
  if (crash === null) {
    const me = await send(agent, started.port, {
      method: 'GET',
      path: '/api/admin/me',
      headers: { cookie: started.admin.cookie, accept: 'application/json' },
      as: 'admin',
    })
    adminSessionAtEnd = me.status === 200
  }
  agent.destroy()
  if (crash === null) {
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
    crash = null
  }
  const logged = stderr()
    .split('\n')
    .filter((l) => /"level":(50|60)/.test(l))
  await fs.rm(dataDir, { recursive: true, force: true })
  return {
    database: o.databaseUrl ? 'postgres' : 'pglite',
    seed,
    routes: started.routes.length,
    requests: sent,
    seconds: Math.round(seconds * 10) / 10,
    requestsPerSecond: Math.round(sent / seconds),
    statuses: Object.fromEntries(Object.entries(statuses).sort(([a], [b]) => a.localeCompare(b))),
    serverErrors,
    samples,
    notImplemented,
    clientRefusals,
    crash,
    loggedErrors: logged.length,
    loggedSamples: logged.slice(0, 10).map((l) => l.slice(0, 1500)),
    adminSessionAtEnd,
  }
}
