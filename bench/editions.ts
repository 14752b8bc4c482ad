/**
 * `npm run bench -- editions [--seconds S] [--connections C] [--rounds R]`: a warm article page in
 * the Arabic edition (right to left, Arabic-Indic digits, its own chrome) beside the same story in
 * English, served by the same app in the same run: R interleaved rounds (default 3) of S seconds
 * (default 5) each, medians. The pages are the demo's seed story and its Arabic translation.
 */
import { loadDemoContent } from '../src/demo/load-demo.ts'
import { load, type LoadResult } from './load.ts'
import { get, start } from './pages.ts'
import { createBenchDatabase, machine, quantile, writeResult } from './support.ts'

const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? Number(args[i + 1]) : fallback
  return Number.isFinite(v) && v > 0 ? v : fallback
}
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  )

export async function run(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 5)
  const connections = arg(args, 'connections', 16)
  const rounds = arg(args, 'rounds', 3)
  const { target, database, drop } = await createBenchDatabase()
  const app = await (async () => {
    await loadDemoContent(database.db, new Date())
    await database.close()
    return start(['bench/page-server.ts'], { BENCH_TARGET: JSON.stringify(target) })
  })()
  try {
    const english = await get(app.port, SEED)
    if (english.status !== 200) throw new Error(`${SEED} → ${english.status}`)
    const ar = /<link rel="alternate" hreflang="ar[^"]*" href="([^"]+)">/.exec(english.body.toString('utf8'))?.[1]
    if (!ar) throw new Error('the seed story has no Arabic translation linked')
    const arabicPath = new URL(ar).pathname
    const arabic = await get(app.port, arabicPath)
    if (arabic.status !== 200 || !/<html lang="ar[^"]*" dir="rtl">/.test(arabic.body.toString('utf8'))) throw new Error(`${arabicPath} is not the Arabic page`)
    const pages = { english: SEED, arabic: arabicPath }
    const runs: Record<'english' | 'arabic', LoadResult[]> = { english: [], arabic: [] }
    for (let r = 0; r < rounds; r++)
      for (const [name, p] of Object.entries(pages)) {
        await get(app.port, p) // warm (cached after the first request)
        const result = await load(`http://127.0.0.1:${app.port}${p}`, { seconds, connections })
        if (result.errors || result.non2xx) throw new Error(`${name}: ${result.errors} errors, ${result.non2xx} non-2xx`)
        runs[name as keyof typeof runs].push(result)
      }
    const summary = Object.fromEntries(
      Object.entries(runs).map(([name, rs]) => [
        name,
        {
          path: pages[name as keyof typeof pages],
          rps: Math.round(median(rs.map((x) => x.rps))),
          p50Ms: median(rs.map((x) => x.p50)),
          p99Ms: median(rs.map((x) => x.p99)),
        },
      ]),
    ) as Record<'english' | 'arabic', { path: string; rps: number; p50Ms: number; p99Ms: number }>
    const bytes = { english: english.body.length, arabic: arabic.body.length }
    const ratio = Math.round((summary.arabic.rps / summary.english.rps) * 100) / 100
    console.log(
      `warm article page, ${connections} connections, ${rounds}×${seconds} s interleaved (${runs.english[0]!.tool}):\n` +
        `  English ${summary.english.rps} req/s (p50 ${summary.english.p50Ms} ms, p99 ${summary.english.p99Ms} ms, ${bytes.english} bytes)\n` +
        `  Arabic  ${summary.arabic.rps} req/s (p50 ${summary.arabic.p50Ms} ms, p99 ${summary.arabic.p99Ms} ms, ${bytes.arabic} bytes): ${ratio}× English`,
    )
    const file = await writeResult(`editions-${target.kind}`, {
      bench: 'editions',
      when: new Date().toISOString(),
      machine: machine(),
      database: target.kind,
      tool: runs.english[0]!.tool,
      connections,
      seconds,
      rounds,
      pages: summary,
      bytes,
      arabicOverEnglish: ratio,
      each: runs,
    })
    console.log(`written to ${file}`)
  } finally {
    await app.stop()
    await drop()
  }
}
