/**
 * Sitemap streaming memory: generates an archive (default 1,000,000 articles, and a 1,000-article
 * one to compare), then a child process serves it over HTTP while a client reads /sitemap.xml and
 * every sitemap it lists, discarding the bytes. The child samples its own memory every 5 ms (and
 * its live heap after a full GC every 250 ms) and reports the peaks, so 1,000,000 articles can be
 * compared with 1,000; it runs with a 96 MiB old-space limit, which buffering would exceed.
 *   npm run bench -- sitemap [articles]
 * 1,000,000 articles want PostgreSQL (DATABASE_URL); on the embedded PGlite the generation alone
 * takes many minutes, so without DATABASE_URL the default is 200,000.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createBenchDatabase, machine, writeResult, type BenchTarget } from './support.ts'
import { generateArchive } from '../test/support/archive.ts'

interface ChildReport {
  articles: number
  sitemaps: number
  urls: number
  bytes: number
  seconds: number
  baseline: { rssMiB: number; heapUsedMiB: number }
  peak: { rssMiB: number; heapUsedMiB: number; liveHeapMiB: number; externalMiB: number }
  maxOldSpaceMiB: number
}

/** The child runs with this old-space limit: a server that held a month of sitemap in memory would die of it. */
const HEAP_LIMIT_MIB = 96

function serveAndMeasure(target: BenchTarget, articles: number): Promise<ChildReport> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', `--max-old-space-size=${HEAP_LIMIT_MIB}`, '--import', 'tsx', fileURLToPath(new URL('./sitemap-child.ts', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_TARGET: JSON.stringify(target), BENCH_ARTICLES: String(articles), BENCH_HEAP_LIMIT_MIB: String(HEAP_LIMIT_MIB) },
    },
  )
  let out = ''
  child.stdout.on('data', (c) => (out += c))
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`sitemap child exited with ${code}: ${out}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport)
    })
  })
}

export async function run(args: string[]): Promise<void> {
  const big = Number(args[0] ?? (process.env.DATABASE_URL ? 1_000_000 : 200_000))
  const sizes = [1000, big]
  const reports: ChildReport[] = []
  let kind = 'pglite'
  for (const size of sizes) {
    const { target, database, drop } = await createBenchDatabase()
    kind = target.kind
    try {
      console.log(`generating ${size.toLocaleString('en')} articles on ${target.kind}...`)
      const t0 = performance.now()
      // 45 s apart: about 59,500 articles in a 31-day month, so big months split into two sitemaps.
      await generateArchive(database.db, { count: size, bodyWords: 3, spacingMinutes: 0.75, chunk: 50_000 })
      console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
      await database.close()
      const r = await serveAndMeasure(target, size)
      reports.push(r)
      console.log(
        `${size.toLocaleString('en').padStart(9)} articles: ${r.sitemaps} sitemaps, ${r.urls.toLocaleString('en')} URLs, ${(r.bytes / 1048576).toFixed(1)} MiB in ${r.seconds.toFixed(1)} s; ` +
          `peak RSS ${r.peak.rssMiB} MiB (baseline ${r.baseline.rssMiB}), peak heap ${r.peak.heapUsedMiB} MiB, peak live heap ${r.peak.liveHeapMiB} MiB (baseline ${r.baseline.heapUsedMiB}), old space limited to ${r.maxOldSpaceMiB} MiB`,
      )
    } finally {
      await drop()
    }
  }
  const file = await writeResult(`sitemap-${kind}`, {
    benchmark: 'sitemap streaming',
    database: kind,
    reports,
    machine: machine(),
    at: new Date().toISOString(),
  })
  console.log(`results: ${file}`)
}
