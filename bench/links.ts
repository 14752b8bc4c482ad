/**
 * Short links and counters under load: redirect requests per second (GET /s/{code}), and view
 * ingest events per second (POST /api/counters/views, each from a distinct reader), printing the
 * events sent and the events counted, which must be equal (clicks on the redirects too). With Redis at 127.0.0.1:6379, ingest
 * is measured again through Redis with two app nodes. The load runs in autocannon's worker thread.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createTestApp, type TestApp } from '../test/support/app.ts'
import { closeTemplate, openTestDatabase } from '../test/support/databases.ts'
import { BROWSER_UA } from '../test/support/readers.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../test/support/redis.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const SETUP_REQUEST = path.join(HERE, 'links-setup-request.cjs')
const REDIRECTS = Number(process.env.BENCH_REDIRECTS ?? 20_000)
const VIEW_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000)
const CONNECTIONS = 20

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const a = t.app.server.address()
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
}

function load(opts: autocannon.Options, readerBase?: number): Promise<autocannon.Result> {
  if (readerBase !== undefined) process.env.BENCH_READER_BASE = String(readerBase)
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, workers: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

/** Requests over the whole run's time (autocannon's own average is over whole-second samples). */
const perSecond = (r: autocannon.Result) => Math.round(r.requests.total / r.duration)
const statuses = (r: autocannon.Result) =>
  Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number((v as { count: number | string }).count)]))
/**
 * Sent and counted must be equal (and something must have been sent): a difference is recorded
 * here and fails the run once the results are written.
 */
export function countMismatch(what: string, sent: number, counted: number): string | undefined {
  if (sent === 0) return `${what}: nothing was accepted (sent 0), so nothing was measured`
  if (sent !== counted) return `${what}: events sent ${sent}, events counted ${counted}`
  return undefined
}

const views = async (t: TestApp, id: number) =>
  Number((await t.database.db.selectFrom('article_counters').select('views').where('article_id', '=', id).executeTakeFirst())?.views ?? 0)

export async function run(): Promise<void> {
  const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite'
  const results: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, database: kind },
    settings: { connections: CONNECTIONS, redirects: REDIRECTS, viewEvents: VIEW_EVENTS },
  }
  const mismatches: string[] = []
  const check = (what: string, sent: number, counted: number) => {
    const m = countMismatch(what, sent, counted)
    if (m) mismatches.push(m)
    return m === undefined
  }

  // One node, counters in memory, written each second.
  const t = await createTestApp({ kind, build: { counters: { flushMs: 1000, mostReadCacheMs: 15_000 } } })
  const base = await listen(t)
  const seed = await t.database.db
    .selectFrom('articles')
    .innerJoin('short_links', 'short_links.article_id', 'articles.id')
    .select(['articles.id', 'short_links.code'])
    .where('articles.slug', 'like', 'un-security-council%')
    .executeTakeFirstOrThrow()

  const redirect = await load({ url: `${base}/s/${seed.code}`, amount: REDIRECTS, headers: { 'user-agent': BROWSER_UA } })
  await t.app.counters.flush()
  const clicks = Number((await t.database.db.selectFrom('short_links').select('clicks').where('code', '=', seed.code).executeTakeFirstOrThrow()).clicks)
  results.redirect = {
    requestsPerSecond: perSecond(redirect),
    latencyMs: { p50: redirect.latency.p50, p99: redirect.latency.p99 },
    requests: redirect.requests.total,
    statuses: statuses(redirect),
    clicksCounted: clicks,
  }
  console.log(
    `redirect: ${perSecond(redirect)} req/s (p50 ${redirect.latency.p50} ms, p99 ${redirect.latency.p99} ms), ${redirect.requests.total} requests, statuses ${JSON.stringify(statuses(redirect))}, clicks counted ${clicks}${check('redirect clicks', statuses(redirect)['301'] ?? 0, clicks) ? '' : '  <-- MISMATCH'}`,
  )

  const before = await views(t, seed.id)
  const ingest = await load(
    {
      url: `${base}/api/counters/views`,
      amount: VIEW_EVENTS,
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
      body: `article=${seed.id}`,
      requests: [{ setupRequest: SETUP_REQUEST } as autocannon.Request],
    },
    1,
  )
  await t.app.close() // graceful: the last batch is written
  const counted = (await views(t, seed.id)) - before
  const sent = statuses(ingest)['204'] ?? 0
  results.viewIngest = {
    eventsPerSecond: perSecond(ingest),
    latencyMs: { p50: ingest.latency.p50, p99: ingest.latency.p99 },
    eventsSent: sent,
    eventsCounted: counted,
    statuses: statuses(ingest),
    equal: sent === counted,
  }
  console.log(
    `view ingest (memory): ${perSecond(ingest)} events/s (p50 ${ingest.latency.p50} ms, p99 ${ingest.latency.p99} ms), events sent ${sent}, events counted ${counted}${check('view ingest (memory)', sent, counted) ? '' : '  <-- MISMATCH'}`,
  )
  await t.database.close()

  const skip = await redisSkipReason()
  if (skip) {
    console.log(`view ingest (Redis, two nodes): skipped, ${skip}`)
    results.viewIngestRedis = { skipped: skip }
  } else {
    const prefix = testRedisPrefix()
    const database = await openTestDatabase(kind)
    const build = { counters: { flushMs: 1000, redisPrefix: prefix } }
    const a = await createTestApp({ database, env: { REDIS_URL: TEST_REDIS_URL }, build })
    const b = await createTestApp({ database, demo: false, env: { REDIS_URL: TEST_REDIS_URL }, build })
    const [baseA, baseB] = [await listen(a), await listen(b)]
    const id = (await database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
    const req = (url: string, n: number) =>
      load(
        {
          url: `${url}/api/counters/views`,
          amount: VIEW_EVENTS / 2,
          method: 'POST',
          headers: { 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded' },
          body: `article=${id}`,
          requests: [{ setupRequest: SETUP_REQUEST } as autocannon.Request],
        },
        n,
      )
    const started = Date.now()
    const [ra, rb] = await Promise.all([req(baseA, 2), req(baseB, 3)])
    const seconds = (Date.now() - started) / 1000
    await a.app.close()
    await b.app.close()
    const counted = await views(a, id)
    const sent = (statuses(ra)['204'] ?? 0) + (statuses(rb)['204'] ?? 0)
    results.viewIngestRedis = {
      nodes: 2,
      eventsPerSecond: Math.round(sent / seconds),
      eventsSent: sent,
      eventsCounted: counted,
      equal: sent === counted,
      latencyMs: { p99: Math.max(ra.latency.p99, rb.latency.p99) },
    }
    console.log(
      `view ingest (Redis, two nodes): ${(sent / seconds).toFixed(0)} events/s, events sent ${sent}, events counted ${counted}${check('view ingest (Redis, two nodes)', sent, counted) ? '' : '  <-- MISMATCH'}`,
    )
    await database.close()
    await deleteRedisKeys(prefix)
  }
  await closeTemplate()

  const file = path.join(HERE, 'results', `links-${kind}.json`)
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`results: ${path.relative(process.cwd(), file)}`)
  // the run fails (npm run bench exits non-zero) when any count is off
  if (mismatches.length > 0) throw new Error(`sent and counted differ:\n  ${mismatches.join('\n  ')}`)
}
