import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { createAuthService } from '../src/accounts/auth-service.ts'
import { createStaffService } from '../src/accounts/staff-service.ts'
import { createMemoryRateLimiter } from '../src/http/rate-limit.ts'
import { loadDemoContent } from '../src/demo/load-demo.ts'
import { generateArchive } from '../test/support/archive.ts'
import { HAVE_WRK, load, type LoadResult } from './load.ts'
import { createBenchDatabase, machine, openBenchDatabase, writeResult, type BenchTarget } from './support.ts'

const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback
}

export interface Server {
  port: number
  child: ChildProcess
  stop(): Promise<void>
}

export async function start(cmd: string[], env: Record<string, string>, nodeFlags: string[] = []): Promise<Server> {
  // the flags `npm start` runs the app with (package.json), for the app and the bare route alike
  const child = spawn(process.execPath, ['--single-threaded-gc', ...nodeFlags, '--import', 'tsx', ...cmd], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const m = /port (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`${cmd.join(' ')} exited with ${code}`)))
  })
  return {
    port,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export function get(port: number, p: string): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }))
      })
      .on('error', reject)
  })
}

/** Peak resident memory of a process (VmHWM), in MiB. */
async function peakRss(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return Math.round(kb / 1024)
}

async function rss(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024)
}

/** nginx serving `file` when installed, else a minimal Node static server: the baseline. */
async function staticServer(dir: string, workers = 1, headers: [string, string][] = []): Promise<Server & { kind: string }> {
  const hasNginx = spawnSync('nginx', ['-v']).error === undefined
  if (hasNginx) {
    const port = 20000 + Math.floor(Math.random() * 20000)
    const conf = path.join(dir, `nginx-${port}.conf`)
    const quote = (v: string) => `"${v.replace(/[\\"$]/g, (c) => `\\${c}`)}"`
    const addHeaders = headers.map(([k, v]) => `add_header ${k} ${quote(v)};`).join(' ')
    await fs.writeFile(
      conf,
      `worker_processes ${workers};
daemon off;
pid ${dir}/nginx-${port}.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { text/html html; }
  server { listen 127.0.0.1:${port}; root ${dir}/www; location / { ${addHeaders} try_files /article.html =404; } }
}
`,
    )
    await fs.mkdir(path.join(dir, 'tmp'), { recursive: true })
    // nginx's workers run as `nobody` when started by root: the page must be world-readable, or
    // every baseline answer is a 403 and the baseline measures nothing.
    await fs.chmod(dir, 0o755)
    await fs.chmod(path.join(dir, 'www'), 0o755)
    await fs.chmod(path.join(dir, 'www', 'article.html'), 0o644)
    const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' })
    let status: number | undefined
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get(port, '/').catch(() => undefined))?.status
      if (status !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    if (status !== 200) {
      child.kill('SIGQUIT')
      throw new Error(`the nginx baseline answered ${status ?? 'nothing'} (see ${dir}/error.log)`)
    }
    return {
      kind: `nginx (${workers} worker${workers > 1 ? 's' : ''})${headers.length ? `, the page's ${headers.length} headers too` : ''}`,
      port,
      child,
      stop: async () => void child.kill('SIGQUIT'),
    }
  }
  const s = await start(['bench/static-server.ts'], { STATIC_FILE: path.join(dir, 'www', 'article.html'), STATIC_HEADERS: JSON.stringify(headers) })
  return { ...s, kind: `node:http static${headers.length ? `, the page's ${headers.length} headers too` : ''}` }
}

/**
 * `npm run bench -- pages [--articles N] [--seconds S] [--connections C] [--runs R] [--workers W] [--soak MINUTES] [--profile]`:
 * the static baseline and the app side by side in one run.
 */
export async function run(args: string[]): Promise<void> {
  const articles = arg(args, 'articles', 10_000)
  if (!Number.isInteger(articles) || articles < 1 || articles > 1_000_000)
    throw new Error(`--articles must be a whole number from 1 to 1,000,000, got ${articles}`)
  const seconds = arg(args, 'seconds', 10)
  const connections = arg(args, 'connections', 64)
  const workers = arg(args, 'workers', 1)
  const runs = Math.max(1, arg(args, 'runs', 3))
  const profile = args.includes('--profile')
  const soakIndex = args.indexOf('--soak')
  const soakMinutes = soakIndex >= 0 ? Number(args[soakIndex + 1] ?? 10) || 10 : 0

  const { target, database, drop } = await createBenchDatabase()
  if (workers > 1 && target.kind !== 'postgres') throw new Error('--workers above 1 needs DATABASE_URL (the embedded database is one process)')
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-pages-'))
  const servers: Server[] = []
  try {
    console.log(`loading ${articles} generated articles plus the demo site into ${target.kind}…`)
    await loadDemoContent(database.db, new Date())
    await generateArchive(database.db, { count: articles, newest: new Date(Date.now() - 86_400_000) })
    const code = (await database.db.selectFrom('short_links').select('code').where('article_id', 'is not', null).executeTakeFirst())?.code
    await database.close()

    const env = { BENCH_TARGET: JSON.stringify(target) }
    const profileDir = path.join(work, 'profile')
    const app = await start(['bench/page-server.ts'], { ...env, BENCH_WORKERS: String(workers) }, profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])
    servers.push(app)
    const article = await get(app.port, SEED)
    if (article.status !== 200) throw new Error(`the seed article answered ${article.status}`)
    await fs.mkdir(path.join(work, 'www'), { recursive: true })
    await fs.writeFile(path.join(work, 'www', 'article.html'), article.body)
    const baseline = await staticServer(work, workers)
    servers.push(baseline)
    // The same response as the app's cache hit, headers included (security headers, cache headers):
    // what a static-file server configured as this site would send.
    const WIRE = new Set([
      'date',
      'connection',
      'keep-alive',
      'content-length',
      'content-type',
      'etag',
      'transfer-encoding',
      'x-cache',
      'last-modified',
      'accept-ranges',
    ])
    const pageHeaders = Object.entries((await get(app.port, SEED)).headers).filter(([k, v]) => !WIRE.has(k) && typeof v === 'string') as [string, string][]
    const sameHeaders = await staticServer(work, workers, pageHeaders)
    servers.push(sameHeaders)
    const bare = await start(['bench/static-server.ts'], { STATIC_FILE: path.join(work, 'www', 'article.html'), BARE_FASTIFY: '1' })
    servers.push(bare)

    const url = (s: Server, p: string) => `http://127.0.0.1:${s.port}${p}`
    for (const p of [SEED, '/', '/world/', '/search?q=council']) await get(app.port, p) // warm caches
    const shortCode = code ?? (await get(app.port, SEED)).body.toString().match(/\/s\/([0-9A-Za-z]{7})/)?.[1]
    const rows: { name: string; result: LoadResult; runs?: number[] }[] = []
    const measure = async (name: string, u: string, c = connections) => {
      const result = await load(u, { seconds, connections: c })
      // A scenario that answers errors measures nothing: refuse to report it as a number. (Socket
      // errors are wrk's 2 s timeouts under overload: they are reported, as data.)
      if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} error answers out of ${result.requests} requests`)
      rows.push({ name, result })
      console.log(
        `  ${name.padEnd(34)} ${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms${result.errors ? `  ${result.errors} timeouts` : ''}`,
      )
    }
    console.log(`measuring with ${HAVE_WRK ? 'wrk -t2' : 'autocannon'} -c${connections} for ${seconds}s each (${article.body.length} byte article page)`)
    // The three that make the headline ratio are run `runs` times, interleaved so that drift in the
    // machine's speed hits them alike; each row is the run with the median req/s.
    const trio: [string, string][] = [
      [`baseline: ${baseline.kind}`, url(baseline, '/')],
      [sameHeaders.kind, url(sameHeaders, '/')],
      ['bare Fastify route, same bytes (1 process)', url(bare, '/')],
      [`warm article (page cache${workers > 1 ? `, ${workers} workers` : ''})`, url(app, SEED)],
    ]
    const samples = new Map<string, LoadResult[]>(trio.map(([name]) => [name, []]))
    for (let r = 0; r < runs; r++) {
      for (const [name, u] of trio) {
        const result = await load(u, { seconds, connections })
        if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} error answers out of ${result.requests} requests`)
        samples.get(name)!.push(result)
        if (runs > 1) console.log(`  run ${r + 1}/${runs} ${name.padEnd(42)} ${Math.round(result.rps).toString().padStart(7)} req/s`)
      }
    }
    for (const [name] of trio) {
      const sorted = [...samples.get(name)!].sort((a, b) => a.rps - b.rps)
      const result = sorted[Math.floor(sorted.length / 2)]!
      rows.push({ name, result, runs: samples.get(name)!.map((x) => Math.round(x.rps)) })
      console.log(
        `  ${name.padEnd(34)} ${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms${runs > 1 ? ` (median of ${runs})` : ''}`,
      )
    }
    await measure('home (page cache)', url(app, '/'))
    await measure('section page (page cache)', url(app, '/world/'))
    if (shortCode) await measure('short-link redirect', url(app, `/s/${shortCode}`))
    await measure('search "council"', url(app, '/search?q=council'))
    const appPeak = await peakRss(app.child.pid!)

    let soak: unknown
    if (soakMinutes > 0) {
      const peak = rows.find((r) => r.name.startsWith('warm article'))!.result.rps
      const rate = Math.round(peak * 0.8)
      const before = await rss(app.child.pid!)
      console.log(`soak: ${soakMinutes} minutes at ${rate} req/s (80 % of the measured peak), warm article…`)
      const r = await load(url(app, SEED), { seconds: soakMinutes * 60, connections, rate })
      const afterRss = await rss(app.child.pid!)
      // autocannon is one JS thread: on a small machine it may not reach the rate; say so plainly
      const shareOfPeak = Math.round((100 * r.rps) / peak)
      const reachedTarget = r.rps >= rate * 0.95
      soak = {
        minutes: soakMinutes,
        targetRps: rate,
        achievedRps: Math.round(r.rps),
        achievedPercentOfPeak: shareOfPeak,
        reachedTarget,
        requests: r.requests,
        errors: r.errors,
        non2xx: r.non2xx,
        rssStartMiB: before,
        rssEndMiB: afterRss,
        p99: r.p99,
      }
      console.log(`  soak: ${r.requests} requests, ${r.errors} errors, ${r.non2xx} non-2xx, RSS ${before} → ${afterRss} MiB`)
      if (!reachedTarget) console.log(`  soak: the load generator reached ${Math.round(r.rps)} req/s, ${shareOfPeak} % of the peak, short of the 80 % target`)
    }
    await app.stop()
    servers.splice(servers.indexOf(app), 1)
    let cpuProfile: ProfileSummary | undefined
    if (profile) {
      cpuProfile = await summarizeProfiles(profileDir)
      console.log(`CPU profile of the app during the cached-page runs (${cpuProfile.busySharePercent} % busy; share of busy samples):`)
      for (const f of cpuProfile.top.slice(0, 12)) console.log(`  ${f.percentOfBusy.toFixed(1).padStart(5)} %  ${f.fn}`)
    }

    // Cold renders: the same app with its page cache off, one request at a time for latency.
    const cold = await start(['bench/page-server.ts'], { ...env, PAGE_CACHE_MB: '0' })
    servers.push(cold)
    await get(cold.port, SEED)
    await measure('cold article render (no cache), c1', url(cold, SEED), 1)
    await measure(`cold article render (no cache), c${connections}`, url(cold, SEED))
    await cold.stop()
    servers.splice(servers.indexOf(cold), 1)

    let twoNodes: number | string = 'n/a: PGlite is one process; run with DATABASE_URL'
    if (target.kind === 'postgres') twoNodes = await publishToSecondNode(target, env)

    const base = rows[0]!.result.rps
    const table = rows.map((r) => ({
      name: r.name,
      rps: Math.round(r.result.rps),
      p50Ms: r.result.p50,
      p99Ms: r.result.p99,
      ratioToBaseline: Number((r.result.rps / base).toFixed(2)),
      errors: r.result.errors,
      non2xx: r.result.non2xx,
      ...(r.runs ? { runs: r.runs } : {}),
    }))
    console.log('\n| scenario | req/s | p50 ms | p99 ms | × baseline | timeouts |\n|---|---:|---:|---:|---:|---:|')
    for (const t of table)
      console.log(`| ${t.name} | ${t.rps} | ${t.p50Ms.toFixed(2)} | ${t.p99Ms.toFixed(2)} | ${t.ratioToBaseline.toFixed(2)} | ${t.errors} |`)
    console.log(`app peak memory (VmHWM): ${appPeak} MiB; publish → visible on a second node: ${typeof twoNodes === 'number' ? `${twoNodes} ms` : twoNodes}`)
    const file = await writeResult(
      `pages-${target.kind}${workers > 1 ? `-${workers}workers` : ''}${soakMinutes > 0 ? '-soak' : ''}${profile ? '-profile' : ''}`,
      {
        workers,
        when: new Date().toISOString(),
        machine: machine(),
        database: target.kind,
        articles,
        pageBytes: article.body.length,
        tool: HAVE_WRK ? `wrk -t2 -c${connections} -d${seconds}s` : `autocannon -c${connections} -d${seconds}`,
        runs,
        results: table,
        appPeakRssMiB: appPeak,
        publishToSecondNodeMs: twoNodes,
        soak,
        cpuProfile,
      },
    )
    console.log(`written ${path.relative(process.cwd(), file)}`)
  } finally {
    for (const s of servers) await s.stop().catch(() => {})
    await drop().catch(() => {})
    await fs.rm(work, { recursive: true, force: true })
  }
}

/** Two app processes on one PostgreSQL: publish through A, time until B's cached home shows it. */
async function publishToSecondNode(target: BenchTarget, env: Record<string, string>): Promise<number> {
  const a = await start(['bench/page-server.ts'], env)
  const b = await start(['bench/page-server.ts'], env)
  try {
    const db = await openBenchDatabase(target)
    const { account } = await createStaffService({ db: db.db, now: () => new Date() }).createStaff({
      email: `bench${Date.now()}@x.test`,
      displayName: 'Bench',
      role: 'editor',
      password: 'bench-password-1',
    })
    const s = await createAuthService({ db: db.db, limiter: createMemoryRateLimiter(), now: () => new Date() }).startSession(account, 'bench')
    await db.close()
    const headers = { cookie: `dl_session=${s.token}`, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' }
    await get(b.port, '/')
    const post = (p: string, body: unknown) =>
      fetch(`http://127.0.0.1:${a.port}${p}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: number }>)
    const { id } = await post('/api/admin/articles', { headline: `Bench publish ${Date.now()}`, sectionId: 1 })
    const started = performance.now()
    await post(`/api/admin/articles/${id}/workflow`, { action: 'publish' })
    for (;;) {
      const home = await get(b.port, '/')
      if (home.body.includes('Bench publish')) return Math.round(performance.now() - started)
      if (performance.now() - started > 10_000) return Infinity
      await new Promise((r) => setTimeout(r, 5))
    }
  } finally {
    await a.stop()
    await b.stop()
  }
}

interface ProfileSummary {
  busySharePercent: number
  top: { fn: string; percentOfBusy: number }[]
}

/**
 * Self time by function over the `.cpuprofile` files V8 wrote (`--cpu-prof`), as shares of the
 * samples that were not idle: where a cache hit's time goes.
 */
async function summarizeProfiles(dir: string): Promise<ProfileSummary> {
  const self = new Map<string, number>()
  let total = 0
  let idle = 0
  for (const file of (await fs.readdir(dir).catch(() => [])).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
      samples: number[]
      timeDeltas: number[]
    }
    const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]))
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0
      const cf = byId.get(id)!
      total += dt
      if (cf.functionName === '(idle)' || cf.functionName === '(program)') {
        idle += dt
        return
      }
      const where = cf.url ? ` ${cf.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/')}:${cf.lineNumber + 1}` : ''
      const key = `${cf.functionName || '(anonymous)'}${where}`
      self.set(key, (self.get(key) ?? 0) + dt)
    })
  }
  const busy = Math.max(1, total - idle)
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([fn, t]) => ({ fn, percentOfBusy: Number(((100 * t) / busy).toFixed(1)) }))
  return { busySharePercent: Math.round((100 * busy) / Math.max(1, total)), top }
}
