/**
 * `npm run bench -- lighthouse [--runs N]`: Lighthouse (the npm package, Debian's Chromium) on the
 * seed article and the home page of the built site as `npm start` serves it on a fresh data folder,
 * with Lighthouse's default mobile preset (simulated slow 4G, a mid-range phone). Reports the
 * accessibility, best-practices and SEO scores, CLS, FCP, LCP, TBT and the page weight; the median
 * of N runs (default 3) per page. Targets: accessibility 100, CLS 0.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { machine, quantile, writeResult } from './support.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

interface Audit {
  numericValue?: number
  score: number | null
  details?: { items?: { url?: string; transferSize?: number }[] }
}

const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  )

export async function run(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs')
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 3) : 3
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-bench-lighthouse-'))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  const site = spawn(process.execPath, ['bin/start.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const base = `http://127.0.0.1:${port}`
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  })
  try {
    for (let i = 0; ; i++) {
      if (site.exitCode !== null) throw new Error('the site did not start')
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break
      if (i > 1200) throw new Error('the site did not answer in 60 s')
      await new Promise((r) => setTimeout(r, 50))
    }
    const pages: Record<string, unknown> = {}
    for (const [name, urlPath] of [
      ['seed article', SEED],
      ['home', '/'],
    ] as const) {
      const seen: {
        accessibility: number
        bestPractices: number
        seo: number
        performance: number
        cls: number
        fcpMs: number
        lcpMs: number
        tbtMs: number
        weightKiB: number
        requests: number
        failing: string[]
      }[] = []
      for (let r = 0; r < runs; r++) {
        const result = await lighthouse(`${base}${urlPath}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
        })
        const lhr = result!.lhr
        if (lhr.runtimeError) console.log(`  ${name}: Lighthouse could not measure: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
        for (const w of lhr.runWarnings) console.log(`  ${name}: ${w}`)
        const audit = (id: string) => lhr.audits[id] as unknown as Audit
        const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100)
        const failing = Object.values(lhr.categories)
          .flatMap((c) => c.auditRefs.filter((ref) => ref.weight > 0).map((ref) => lhr.audits[ref.id]!))
          .filter((a) => a.score !== null && a.score < 0.9)
          .map((a) => `${a.id}: ${a.title}`)
        const items = audit('network-requests').details?.items ?? []
        seen.push({
          performance: score('performance'),
          accessibility: score('accessibility'),
          bestPractices: score('best-practices'),
          seo: score('seo'),
          cls: Math.round((audit('cumulative-layout-shift').numericValue ?? 0) * 10000) / 10000,
          fcpMs: Math.round(audit('first-contentful-paint').numericValue ?? 0),
          lcpMs: Math.round(audit('largest-contentful-paint').numericValue ?? 0),
          tbtMs: Math.round(audit('total-blocking-time').numericValue ?? 0),
          weightKiB: Math.round((audit('total-byte-weight').numericValue ?? 0) / 1024),
          requests: items.length,
          failing: [...new Set(failing)],
        })
      }
      const m = (k: 'performance' | 'accessibility' | 'bestPractices' | 'seo' | 'cls' | 'fcpMs' | 'lcpMs' | 'tbtMs' | 'weightKiB' | 'requests') =>
        median(seen.map((s) => s[k]))
      const summary = {
        url: urlPath,
        runs,
        accessibility: m('accessibility'),
        bestPractices: m('bestPractices'),
        seo: m('seo'),
        performance: m('performance'),
        cls: m('cls'),
        fcpMs: m('fcpMs'),
        lcpMs: m('lcpMs'),
        tbtMs: m('tbtMs'),
        weightKiB: m('weightKiB'),
        requests: m('requests'),
        failingAudits: [...new Set(seen.flatMap((s) => s.failing))],
        each: seen.map(({ failing: _f, ...rest }) => rest),
      }
      pages[name] = summary
      console.log(
        `${name}: accessibility ${summary.accessibility} (target 100), CLS ${summary.cls} (target 0), FCP ${summary.fcpMs} ms, LCP ${summary.lcpMs} ms, ` +
          `TBT ${summary.tbtMs} ms, ${summary.weightKiB} KiB in ${summary.requests} requests; performance ${summary.performance}, best practices ${summary.bestPractices}, SEO ${summary.seo}` +
          (summary.failingAudits.length ? `\n  below 90: ${summary.failingAudits.join('; ')}` : ''),
      )
    }
    const file = await writeResult('lighthouse', {
      bench: 'lighthouse',
      when: new Date().toISOString(),
      machine: machine(),
      lighthouse: '12.2.3, default mobile preset (simulated throttling)',
      browser: 'Debian Chromium, headless',
      server: 'npm start (built), embedded database, fresh data folder with the demo content',
      pages,
    })
    console.log(`written to ${file}`)
  } finally {
    chrome.kill()
    const exited = new Promise((r) => site.once('exit', r))
    site.kill('SIGTERM')
    await exited
    await fs.rm(tmp, { recursive: true, force: true })
  }
}
