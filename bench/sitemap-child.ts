/** Child of bench/sitemap.ts: serves a benchmark database and reads every sitemap over HTTP, reporting peak memory. */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createEventBus } from '../src/events.ts'
import { openBenchDatabase, type BenchTarget } from './support.ts'

const MiB = (n: number) => Math.round((n / 1048576) * 10) / 10
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

/** GETs a URL and discards the body as it arrives; returns its text only when `keep`. */
function fetchStreaming(url: string, keep: boolean): Promise<{ bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`${url} → ${res.statusCode}`))
        let bytes = 0
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk)
          if (keep) body += chunk
          else urls += (chunk.match(/<loc>/g) ?? []).length
        })
        res.on('end', () => resolve({ bytes, body }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

let urls = 0
const HEAP_LIMIT_MIB = Number(process.env.BENCH_HEAP_LIMIT_MIB)
const target = JSON.parse(process.env.BENCH_TARGET!) as BenchTarget
const database = await openBenchDatabase(target)
const app = await buildApp({
  config: loadConfig({ SITE_URL: 'http://bench.test', DATA_DIR: '/nonexistent' }),
  database,
  log: pino({ level: 'silent' }),
  clock: { now: () => new Date() },
  events: createEventBus(),
})
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

gc()
const baseline = process.memoryUsage()
const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed, external: baseline.external }
const sampler = setInterval(() => {
  const m = process.memoryUsage()
  peak.rss = Math.max(peak.rss, m.rss)
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
  peak.external = Math.max(peak.external, m.external)
}, 5)
// heapUsed includes garbage not yet collected; what is still alive after a full GC is what streaming holds.
let liveHeap = baseline.heapUsed
const liveSampler = setInterval(() => {
  gc()
  liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed)
}, 250)

const t0 = performance.now()
const index = await fetchStreaming(`${base}/sitemap.xml`, true)
const files = [...index.body.matchAll(/<loc>http:\/\/bench\.test([^<]+)<\/loc>/g)].map((m) => m[1]!).filter((p) => p.includes('/articles-'))
let bytes = index.bytes
for (const path of files) bytes += (await fetchStreaming(base + path, false)).bytes
const seconds = (performance.now() - t0) / 1000
clearInterval(sampler)
clearInterval(liveSampler)
await app.close()
await database.close()

console.log(
  JSON.stringify({
    articles: Number(process.env.BENCH_ARTICLES),
    sitemaps: files.length,
    urls,
    bytes,
    seconds,
    baseline: { rssMiB: MiB(baseline.rss), heapUsedMiB: MiB(baseline.heapUsed) },
    peak: { rssMiB: MiB(peak.rss), heapUsedMiB: MiB(peak.heapUsed), liveHeapMiB: MiB(liveHeap), externalMiB: MiB(peak.external) },
    maxOldSpaceMiB: HEAP_LIMIT_MIB,
  }),
)
