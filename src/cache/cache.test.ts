import assert from 'node:assert/strict'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import pino from 'pino'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { openDatabase, quoteIdent } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { loadDemoContent } from '../demo/load-demo.ts'
import { createEventBus } from '../events.ts'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession } from '../../test/support/staff.ts'
import { TcpProxy } from '../../test/support/tcp-proxy.ts'

const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

describe('the page cache on one node', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(async () => {
    await t.close()
  })
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

  test('the second anonymous request is a hit; a matching ETag gets 304; gzip and brotli are the same page', async () => {
    const first = await get(SEED)
    assert.equal(first.headers['x-cache'], 'MISS')
    const second = await get(SEED)
    assert.equal(second.headers['x-cache'], 'HIT')
    assert.equal(second.body, first.body)
    assert.match(second.headers.etag as string, /^"[A-Za-z0-9_-]+"$/)
    assert.equal(second.headers['cache-control'], 'public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400')
    assert.match(second.headers['surrogate-key'] as string, /\barticle:\d+\b/)
    assert.match(second.headers['content-security-policy'] as string, /script-src 'self'/, 'security headers are kept')
    const notModified = await get(SEED, { 'if-none-match': second.headers.etag as string })
    assert.equal(notModified.statusCode, 304)
    assert.equal(notModified.body, '')
    const gz = await get(SEED, { 'accept-encoding': 'gzip' })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.equal(gunzipSync(gz.rawPayload).toString(), first.body)
    // brotli is computed in the background: gzip until it is ready
    let br = await get(SEED, { 'accept-encoding': 'br, gzip' })
    for (let i = 0; i < 100 && br.headers['content-encoding'] !== 'br'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      br = await get(SEED, { 'accept-encoding': 'br, gzip' })
    }
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), first.body)
  })

  test('over a real socket, hits are answered by the server before Fastify: same headers, 304s, HEAD', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (t.app.server.address() as { port: number }).port
    const fetchPage = (init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${SEED}`, init)
    await fetchPage()
    const hit = await fetchPage({ headers: { 'accept-encoding': 'gzip' } })
    assert.equal(hit.headers.get('x-cache'), 'HIT')
    assert.equal(hit.headers.get('content-encoding'), 'gzip')
    assert.match(hit.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    assert.match(await hit.text(), /<h1 id="headline"/)
    const etag = hit.headers.get('etag')!
    assert.equal((await fetchPage({ headers: { 'if-none-match': etag } })).status, 304)
    // as a CDN or proxy sends them: weak, and in a list
    for (const inm of [`W/${etag}`, `"other", ${etag}`, `"a", W/${etag} , "b"`, '*']) {
      const res = await fetchPage({ headers: { 'if-none-match': inm } })
      assert.equal(res.status, 304, inm)
      assert.equal(res.headers.get('last-modified'), hit.headers.get('last-modified'), 'the 304 carries the validators')
    }
    assert.equal((await fetchPage({ headers: { 'if-none-match': '"other", W/"else"' } })).status, 200)
    const lastModified = hit.headers.get('last-modified')!
    assert.equal((await fetchPage({ headers: { 'if-modified-since': lastModified } })).status, 304)
    const head = await fetchPage({ method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(await head.text(), '')
    const signedIn = await fetchPage({ headers: { cookie: 'dl_session=not-a-session' } })
    assert.equal(signedIn.headers.get('x-cache'), null, 'a session cookie is never answered from the cache')
  })

  test('pages say when what they show last changed (Last-Modified); weak and listed ETags and If-Modified-Since get 304', async () => {
    t.app.pageCache.clear()
    const article = await get(SEED)
    // the seed article was published at 03:38 GMT on 5 August 2020 and not changed since
    assert.equal(article.headers['last-modified'], 'Wed, 05 Aug 2020 03:38:00 GMT')
    const etag = article.headers.etag as string
    for (const [headers, status] of [
      [{ 'if-none-match': `W/${etag}` }, 304],
      [{ 'if-none-match': `"x", ${etag}` }, 304],
      [{ 'if-none-match': '"x", W/"y"' }, 200],
      [{ 'if-modified-since': 'Wed, 05 Aug 2020 03:38:00 GMT' }, 304],
      [{ 'if-modified-since': 'Thu, 06 Aug 2020 00:00:00 GMT' }, 304],
      [{ 'if-modified-since': 'Tue, 04 Aug 2020 00:00:00 GMT' }, 200],
      [{ 'if-modified-since': 'not a date' }, 200],
      // If-None-Match wins over If-Modified-Since (RFC 9110)
      [{ 'if-none-match': '"x"', 'if-modified-since': 'Thu, 06 Aug 2020 00:00:00 GMT' }, 200],
    ] as const) {
      const res = await get(SEED, headers)
      assert.equal(res.statusCode, status, JSON.stringify(headers))
    }
    // the first render (a miss) answers a weak ETag too. The page shows the counters "as of" the
    // minute it is rendered, so its ETag is taken from a render just before (again, if a minute turned)
    let miss: Awaited<ReturnType<typeof get>> | undefined
    for (let attempt = 0; attempt < 2 && miss?.statusCode !== 304; attempt++) {
      t.app.pageCache.clear()
      const fresh = (await get(SEED)).headers.etag as string
      t.app.pageCache.clear()
      miss = await get(SEED, { 'if-none-match': `W/${fresh}` })
      assert.equal(miss.headers['x-cache'], 'MISS')
    }
    assert.equal(miss!.statusCode, 304)
    // lists: their newest article's time
    for (const url of ['/', '/world/', '/tag/north-korea']) {
      const res = await get(url)
      assert.equal(res.statusCode, 200, url)
      const lm = new Date(res.headers['last-modified'] as string)
      assert.ok(!Number.isNaN(lm.getTime()) && lm <= TEST_NOW, `${url}: ${res.headers['last-modified']}`)
      assert.equal((await get(url, { 'if-modified-since': res.headers['last-modified'] as string })).statusCode, 304, url)
    }
    // static assets answer weak ETags too
    const home = await get('/')
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)![1]!
    const asset = await get(css)
    assert.equal((await get(css, { 'if-none-match': `W/${asset.headers.etag as string}` })).statusCode, 304)
  })

  test('query parameters a page does not use are not cached separately', async () => {
    await get('/?utm_source=newsletter')
    const again = await get('/?utm_source=newsletter')
    assert.notEqual(again.headers['x-cache'], 'HIT')
    await get('/world/?before=1596598680000.42')
    assert.equal((await get('/world/?before=1596598680000.42')).headers['x-cache'], 'HIT')
  })

  test('per-reader parts are never served to another reader from the cache', async () => {
    const editor = await staffSession(t, 'editor', 'Private Person')
    await get('/world/') // warm for anonymous readers
    const personal = await get('/world/', { cookie: editor.cookie })
    assert.match(personal.body, /Signed in as <bdi>Private Person<\/bdi>/)
    assert.equal(personal.headers['x-cache'], undefined)
    assert.match(personal.headers['cache-control'] as string, /^private/)
    assert.equal(personal.headers['surrogate-key'], undefined)
    const anonymous = await get('/world/')
    assert.equal(anonymous.headers['x-cache'], 'HIT')
    assert.doesNotMatch(anonymous.body, /Private Person|Signed in as/)
    // and a personal render is never stored for the next anonymous reader
    const fresh = await get('/world/europe/', { cookie: editor.cookie })
    assert.match(fresh.body, /Signed in as/)
    const anon2 = await get('/world/europe/')
    assert.equal(anon2.headers['x-cache'], 'MISS')
    assert.doesNotMatch(anon2.body, /Signed in as/)
  })

  test('publishing invalidates the pages that show it, at once', async () => {
    const editor = await staffSession(t, 'editor')
    await get('/')
    await get('/sport/')
    await get('/tag/demo')
    assert.equal((await get('/')).headers['x-cache'], 'HIT')
    assert.equal((await get('/tag/demo')).headers['x-cache'], 'HIT')
    const sport = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()).id
    const a = (
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: editor.headers,
        payload: { headline: 'Breaking: late winner in derby', sectionId: sport, tags: ['Demo'] },
      })
    ).json()
    await t.app.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: editor.headers, payload: { action: 'publish' } })
    // tag pages (and author pages) list it at once too
    for (const url of ['/', '/sport/', '/tag/demo']) {
      const res = await get(url)
      assert.equal(res.headers['x-cache'], 'MISS', url)
      assert.match(res.body, /Breaking: late winner in derby/, url)
    }
    // an unrelated section stays cached
    await get('/business/')
    await t.app.inject({
      method: 'PUT',
      url: `/api/admin/articles/${a.id}`,
      headers: editor.headers,
      payload: { headline: 'Late winner settles derby', sectionId: sport },
    })
    // an edit of a published article is its working copy: the cached pages stay as they are
    assert.equal((await get('/')).headers['x-cache'], 'HIT')
    assert.doesNotMatch((await get('/')).body, /Late winner settles derby/)
    await t.app.inject({
      method: 'POST',
      url: `/api/admin/articles/${a.id}/workflow`,
      headers: editor.headers,
      payload: { action: 'update', note: 'New headline' },
    })
    assert.equal((await get('/business/')).headers['x-cache'], 'HIT')
    assert.match((await get('/')).body, /Late winner settles derby/)
  })

  test('a search asked for twice is cached until an article is published; one-off searches are not kept', async () => {
    const url = '/search?q=security+council'
    assert.equal((await get(url)).headers['x-cache'], undefined, 'first time: rendered, not stored')
    assert.equal((await get(url)).headers['x-cache'], 'MISS', 'second time: stored')
    const hit = await get(url)
    assert.equal(hit.headers['x-cache'], 'HIT')
    assert.equal(hit.headers['x-robots-tag'], 'noindex')
    assert.match(hit.headers['surrogate-key'] as string, /\bsearch\b/)
    assert.doesNotMatch(hit.body, /Security Council votes to keep the night trains/)
    const editor = await staffSession(t, 'editor')
    const a = (
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: editor.headers,
        payload: { headline: 'Security Council votes to keep the night trains', sectionId: 1 },
      })
    ).json()
    await t.app.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: editor.headers, payload: { action: 'publish' } })
    const after = await get(url)
    assert.notEqual(after.headers['x-cache'], 'HIT')
    assert.match(after.body, /Security Council votes to keep the night trains/)
  })
})

// Several nodes and a failing database need a real PostgreSQL server.
const url = process.env.DATABASE_URL
const skipPg = url ? undefined : 'DATABASE_URL is not set (two nodes and a failing database need PostgreSQL)'
if (skipPg) console.log(`# skipping multi-node cache tests: ${skipPg}`)

describe('the page cache across nodes and outages (PostgreSQL)', { skip: skipPg }, () => {
  const schema = `cache_${process.pid}`
  const proxy = new TcpProxy(new URL(url ?? 'postgres://127.0.0.1:5432').hostname, Number(new URL(url ?? 'postgres://127.0.0.1:5432').port || 5432))
  const apps: Awaited<ReturnType<typeof buildApp>>[] = []
  const closers: (() => Promise<void>)[] = []

  async function node(viaProxy: boolean) {
    const target = new URL(url!)
    if (viaProxy) {
      target.hostname = '127.0.0.1'
      target.port = String(proxy.port)
    }
    const database = await openDatabase({ url: target.href, schema, poolSize: 4 })
    const log = pino({ level: 'silent' })
    const app = await buildApp(
      { config: loadConfig({ SITE_URL: 'http://dateline.test' }), database, log, clock: { now: () => new Date() }, events: createEventBus() },
      { scheduler: false },
    )
    await app.ready()
    apps.push(app)
    closers.push(async () => {
      await app.close()
      await database.close()
    })
    return app
  }

  before(async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade; create schema ${quoteIdent(schema)}`)
    await admin.end()
    const setup = await openDatabase({ url, schema })
    await migrate(setup.db)
    await loadDemoContent(setup.db, TEST_NOW)
    await setup.close()
    await proxy.start()
  })
  after(async () => {
    await proxy.start().catch(() => {})
    for (const c of closers.reverse()) await c().catch(() => {})
    await proxy.stop()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`drop schema if exists ${quoteIdent(schema)} cascade`)
    await admin.end()
  })

  test('a publish on node 1 reaches node 2’s cache within one second', async () => {
    const one = await node(false)
    const two = await node(false)
    await two.inject({ method: 'GET', url: '/' })
    assert.equal((await two.inject({ method: 'GET', url: '/' })).headers['x-cache'], 'HIT')
    const db = await openDatabase({ url, schema })
    closers.push(() => db.close())
    const session = await (async () => {
      const { createStaffService } = await import('../accounts/staff-service.ts')
      const { createAuthService } = await import('../accounts/auth-service.ts')
      const { createMemoryRateLimiter } = await import('../http/rate-limit.ts')
      const { account } = await createStaffService({ db: db.db, now: () => new Date() }).createStaff({
        email: `ed${process.pid}@x.test`,
        displayName: 'Ed',
        role: 'editor',
        password: 'a-long-password-1',
      })
      const s = await createAuthService({ db: db.db, limiter: createMemoryRateLimiter(), now: () => new Date() }).startSession(account, 'test')
      return { cookie: `dl_session=${s.token}`, 'x-csrf-token': s.csrfToken }
    })()
    const a = (
      await one.inject({ method: 'POST', url: '/api/admin/articles', headers: session, payload: { headline: 'Published on node one', sectionId: 1 } })
    ).json()
    const published = Date.now()
    await one.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: session, payload: { action: 'publish' } })
    let seen = false
    while (Date.now() - published < 1000) {
      const res = await two.inject({ method: 'GET', url: '/' })
      if (res.body.includes('Published on node one')) {
        seen = true
        break
      }
      await new Promise((r) => setTimeout(r, 20))
    }
    assert.ok(seen, 'node 2 showed the new article within one second')
  })

  test('the database goes down: cached pages 200 (stale if invalidated), uncached 503, writes 503; then it recovers by itself', async () => {
    const app = await node(true)
    const editorHeaders = await (async () => {
      const { createStaffService } = await import('../accounts/staff-service.ts')
      const { createAuthService } = await import('../accounts/auth-service.ts')
      const { createMemoryRateLimiter } = await import('../http/rate-limit.ts')
      const db = await openDatabase({ url, schema })
      const { account } = await createStaffService({ db: db.db, now: () => new Date() }).createStaff({
        email: `down${process.pid}@x.test`,
        displayName: 'Down',
        role: 'editor',
        password: 'a-long-password-2',
      })
      const s = await createAuthService({ db: db.db, limiter: createMemoryRateLimiter(), now: () => new Date() }).startSession(account, 'test')
      await db.close()
      return { cookie: `dl_session=${s.token}`, 'x-csrf-token': s.csrfToken }
    })()
    const before = await app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editorHeaders,
      payload: { headline: 'Written before the outage', sectionId: 1 },
    })
    assert.equal(before.statusCode, 201)
    await app.inject({ method: 'GET', url: SEED })
    await app.inject({ method: 'GET', url: '/world/' })
    app.pageCache.invalidate(['section:1']) // /world/ is now stale: it must be re-rendered, but cannot be

    await proxy.stop()
    const cached = await app.inject({ method: 'GET', url: SEED })
    assert.equal(cached.statusCode, 200)
    assert.equal(cached.headers['x-cache'], 'HIT')
    const stale = await app.inject({ method: 'GET', url: '/world/' })
    assert.equal(stale.statusCode, 200)
    assert.equal(stale.headers['x-cache'], 'STALE')
    assert.equal(stale.headers.warning, '110 - "Response is Stale"')
    assert.match(stale.body, /<h1 class="section-page__title">World<\/h1>/)
    const uncached = await app.inject({ method: 'GET', url: '/sport/' })
    assert.equal(uncached.statusCode, 503)
    assert.match(uncached.body, /Temporarily unavailable/)
    const write = await app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editorHeaders,
      payload: { headline: 'Written while down', sectionId: 1 },
    })
    assert.equal(write.statusCode, 503)
    assert.equal(write.json().error.code, 'DATABASE_UNAVAILABLE')
    const health = await app.inject({ method: 'GET', url: '/healthz' })
    assert.equal(health.statusCode, 503)
    assert.deepEqual(health.json(), { ok: false, database: 'down' })

    await proxy.start()
    const deadline = Date.now() + 10_000
    let healthy = false
    while (!healthy && Date.now() < deadline) {
      healthy = (await app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200
      if (!healthy) await new Promise((r) => setTimeout(r, 100))
    }
    assert.ok(healthy, '/healthz recovers without a restart')
    assert.equal((await app.inject({ method: 'GET', url: '/sport/' })).statusCode, 200)
    const fresh = await app.inject({ method: 'GET', url: '/world/' })
    assert.equal(fresh.headers['x-cache'], 'MISS')
    const ok = await app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editorHeaders,
      payload: { headline: 'Written after recovery', sectionId: 1 },
    })
    assert.equal(ok.statusCode, 201)
    // no acknowledged write was lost, and the refused one left nothing behind
    const check = await openDatabase({ url, schema })
    try {
      const headlines = (await check.db.selectFrom('articles').select('headline').where('headline', 'like', 'Written %').execute())
        .map((r) => r.headline)
        .sort()
      assert.deepEqual(headlines, ['Written after recovery', 'Written before the outage'])
    } finally {
      await check.close()
    }
    // the cache listened for invalidations through the same server: what other nodes announced while
    // it was away is lost, so once its listening connection is back nothing is served as fresh
    const end = Date.now() + 15_000
    let seed = await app.inject({ method: 'GET', url: SEED })
    while (seed.headers['x-cache'] === 'HIT' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100))
      seed = await app.inject({ method: 'GET', url: SEED })
    }
    assert.equal(seed.statusCode, 200)
    assert.equal(seed.headers['x-cache'], 'MISS', 'after the listener reconnects the page is rendered again')
  })
})

after(closeTemplate)
