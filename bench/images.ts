import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { makeDerivative } from '../src/media/derivatives.ts'
import type { PictureFormat } from '../src/web/picture.ts'
import { HAVE_WRK, load } from './load.ts'
import { machine, RESULTS_DIR, writeResult } from './support.ts'

/**
 * `npm run bench -- images [--seconds S] [--connections C] [--uploads-only] [--tsx]`: pictures on the
 * 2-core machine, the app built as `npm run build` builds it (`--tsx`: run from the sources instead).
 *  1. derivatives made per second from a 24-megapixel JPEG (1,200 px JPEG, WebP and AVIF; one at a
 *     time, and two at a time as the app runs them);
 *  2. requests per second for a cached derivative from the app, beside nginx serving the same bytes;
 *  3. the app's peak memory (VmHWM, reset once the app has started) while 8 uploads of 24-megapixel
 *     photos arrive at once: on the embedded database, and on PostgreSQL with BENCH_DATABASE_URL.
 * Writes bench/results/images.json; with `--uploads-only`, runs 3. alone and replaces only that part of it.
 */

interface Child {
  port: number
  child: ChildProcess
  lines: string[]
  stop(): Promise<void>
}

const arg = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}

/** Where the app runs from: bench/image-server.ts under tsx, or (by default) that file bundled as `npm run build` bundles the server. */
let serverEntry: string[] = ['--import', 'tsx', 'bench/image-server.ts']

/**
 * Bundles bench/image-server.ts with the options scripts/build.mjs uses for dist/server (the same
 * external packages, minified), so the app measured is the built one, as `npm start` runs it: no
 * TypeScript compiler in the process, and the build's browser assets rather than ones bundled at start.
 */
async function bundleServer(): Promise<string[]> {
  const esbuild = await import('esbuild')
  // beside package.json, so the external packages resolve from node_modules as they do for dist/server
  const out = path.resolve(`bench/.image-server-${process.pid}.mjs`)
  await esbuild.build({
    entryPoints: [path.resolve('bench/image-server.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@electric-sql/pglite', '@electric-sql/pglite/*', '@node-rs/argon2', 'esbuild', 'pg-native', 'sharp', 'playwright-core', 'tsx'],
    banner: {
      js: "import { createRequire as __dl_createRequire } from 'node:module'; import { fileURLToPath as __dl_fileURLToPath } from 'node:url'; import { dirname as __dl_dirname } from 'node:path'; const require = __dl_createRequire(import.meta.url); const __filename = __dl_fileURLToPath(import.meta.url); const __dirname = __dl_dirname(__filename);",
    },
    outfile: out,
    minify: true,
    keepNames: true,
    logLevel: 'warning',
  })
  return [out]
}

async function startServer(env: Record<string, string>): Promise<Child> {
  const built = serverEntry[0] !== '--import'
  const child = spawn(process.execPath, ['--single-threaded-gc', ...serverEntry], {
    // BENCH_DATABASE_URL names the server scratch databases are made on: a child uses one only when given its URL
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'BENCH_DATABASE_URL')),
      ...(built ? { BENCH_BUILT: '1' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const all = out.split('\n')
      lines.splice(0, lines.length, ...all.filter(Boolean))
      const m = /port (\d+)/.exec(out)
      if (m && all.length > 2) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`image-server exited with ${code}`)))
  })
  return {
    port,
    child,
    lines,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

async function status(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024)
}

function request(
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

/** A photograph-like 24-megapixel JPEG (6000 × 4000: gradient, shapes and sensor noise), about 10 MB. */
async function photo24mp(): Promise<Buffer> {
  const base = await sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="6000" height="4000"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f4a259"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="4200" cy="1200" r="800" fill="#f6f1d1"/></svg>',
    ),
  )
    .raw()
    .toBuffer({ resolveWithObject: true })
  const noise = await sharp({
    create: { width: 6000, height: 4000, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 24 } },
  })
    .raw()
    .toBuffer()
  return sharp(base.data, { raw: base.info })
    .composite([{ input: noise, raw: { width: 6000, height: 4000, channels: 3 }, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .toBuffer()
}

async function nginx(dir: string, file: Buffer): Promise<{ port: number; stop: () => void } | undefined> {
  if (spawnSync('nginx', ['-v']).error !== undefined) return undefined
  const port = 20000 + Math.floor(Math.random() * 20000)
  await fs.mkdir(path.join(dir, 'www'), { recursive: true })
  await fs.mkdir(path.join(dir, 'tmp'), { recursive: true })
  await fs.writeFile(path.join(dir, 'www', 'derivative.jpg'), file)
  // nginx's workers run as `nobody` when started by root: every folder up to the file must be readable
  await fs.chmod(path.dirname(dir), 0o755)
  await fs.chmod(dir, 0o755)
  await fs.chmod(path.join(dir, 'www'), 0o755)
  await fs.chmod(path.join(dir, 'www', 'derivative.jpg'), 0o644)
  const conf = path.join(dir, 'nginx.conf')
  await fs.writeFile(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp; uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  sendfile on; tcp_nopush on; keepalive_requests 100000; etag on;
  types { image/jpeg jpg; }
  server { listen 127.0.0.1:${port}; root ${dir}/www; location / { add_header cache-control "public, max-age=31536000, immutable"; try_files /derivative.jpg =404; } }
}
`,
  )
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' })
  for (let i = 0; i < 50; i++) {
    if ((await request(port, { path: '/' }).catch(() => undefined))?.status === 200) return { port, stop: () => void child.kill('SIGQUIT') }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGQUIT')
  throw new Error(`nginx did not answer (see ${dir}/error.log)`)
}

function multipart(file: Buffer): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="photo.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  }
}

/** Resets the process's peak RSS (VmHWM) to its current RSS: /proc/PID/clear_refs, "5". */
async function resetPeak(pid: number): Promise<boolean> {
  return fs.writeFile(`/proc/${pid}/clear_refs`, '5').then(
    () => true,
    () => false,
  )
}

/** Starts an app, lets it settle, resets its peak RSS, sends 8 uploads at once; the peak while they ran. */
async function uploadPeak(photos: Buffer[], env: Record<string, string>, label: string) {
  const server = await startServer(env)
  try {
    const session = JSON.parse(server.lines.find((l) => l.startsWith('{'))!) as { headers: Record<string, string> }
    const pid = server.child.pid!
    const startPeak = await status(pid, 'VmHWM')
    await new Promise((r) => setTimeout(r, 2000))
    const idle = await status(pid, 'VmRSS')
    const reset = await resetPeak(pid)
    let sampled = idle
    const sampler = setInterval(() => void status(pid, 'VmRSS').then((v) => (sampled = Math.max(sampled, v || 0))), 25)
    const t = performance.now()
    const results = await Promise.all(
      photos.map((p) => {
        const m = multipart(p)
        return request(server.port, {
          method: 'POST',
          path: '/api/admin/media',
          headers: { ...session.headers, 'content-type': m.type, 'content-length': String(m.body.length) },
          body: m.body,
        })
      }),
    )
    const seconds = (performance.now() - t) / 1000
    clearInterval(sampler)
    const peak = reset ? await status(pid, 'VmHWM') : sampled
    const statuses = results.map((r) => r.status)
    console.log(
      `  8 uploads of 24 MP at once (${label}): ${statuses.join(' ')} in ${seconds.toFixed(1)} s; RSS ${idle} MiB idle, peak ${peak} MiB while uploading (+${peak - idle}; target < 512); ${startPeak} MiB peak while starting`,
    )
    return {
      statuses,
      seconds: Number(seconds.toFixed(2)),
      idleRssMiB: idle,
      peakRssMiB: peak,
      peakAboveIdleMiB: peak - idle,
      peakMeasuredBy: reset ? 'VmHWM reset (clear_refs 5) after start' : 'VmRSS sampled every 25 ms',
      startupPeakRssMiB: startPeak,
    }
  } finally {
    await server.stop()
  }
}

/** Creates (or drops) a database for one run on the server BENCH_DATABASE_URL names; returns its URL. */
async function scratchDatabase(url: string, name: string, what: 'create' | 'drop'): Promise<string> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(what === 'create' ? `create database ${name}` : `drop database if exists ${name} with (force)`)
  await client.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.href
}

/** 3. Peak memory with 8 uploads of 24 MP photos at once, on the embedded database and (given one) on PostgreSQL. */
async function concurrentUploads(photo: Buffer, work: string) {
  const photos = Array.from({ length: 8 }, (_, i) =>
    // eight different files (a different last byte before the end marker), so none is stored once for all
    Buffer.concat([photo.subarray(0, photo.length - 2), Buffer.from([i]), photo.subarray(photo.length - 2)]),
  )
  const concurrentUploads: Record<string, unknown> = {}
  const postgres = process.env.BENCH_DATABASE_URL
  concurrentUploads.pglite = await uploadPeak(photos, { BENCH_DIR: path.join(work, 'uploads') }, 'embedded database')
  if (postgres) {
    const name = `dateline_bench_images_${process.pid}`
    const url = await scratchDatabase(postgres, name, 'create')
    try {
      concurrentUploads.postgres = await uploadPeak(photos, { BENCH_DIR: path.join(work, 'uploads-pg'), BENCH_DATABASE_URL: url }, 'PostgreSQL')
    } finally {
      await scratchDatabase(postgres, name, 'drop')
    }
  }
  if (!postgres) console.log('  (set BENCH_DATABASE_URL=postgres://… to measure the uploads on PostgreSQL too)')
  const app = serverEntry[0] === '--import' ? 'sources under tsx' : 'bundled as npm run build bundles dist/server'
  return { count: 8, targetMiB: 512, app, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))), ...concurrentUploads }
}

export async function run(args: string[]): Promise<void> {
  const seconds = arg(args, 'seconds', 10)
  const connections = arg(args, 'connections', 32)
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-images-'))
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(2)))
  if (!args.includes('--tsx')) serverEntry = await bundleServer()
  try {
    console.log('drawing a 24-megapixel photograph…')
    const photo = await photo24mp()
    const photoFile = path.join(work, 'photo.jpg')
    await fs.writeFile(photoFile, photo)
    console.log(`  ${(photo.length / 1048576).toFixed(1)} MB JPEG, 6000 × 4000`)
    if (args.includes('--uploads-only')) {
      // just 3., replacing that part of the last full run's results
      const before = JSON.parse(await fs.readFile(path.join(RESULTS_DIR, 'images.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>
      const file = await writeResult('images', { ...before, concurrentUploads: { loadAverageAtStart: loadAtStart, ...(await concurrentUploads(photo, work)) } })
      console.log(`wrote ${file} (concurrent uploads only)`)
      return
    }

    // 1. derivative generation
    const picture = { id: 1, key: 'bench', width: 6000, height: 4000, focal: { x: 0.5, y: 0.5 } }
    const generation: Record<string, unknown> = {}
    for (const format of ['jpg', 'webp', 'avif'] as PictureFormat[]) {
      const n = format === 'avif' ? 4 : 6
      await makeDerivative(photo, { picture, crop: 'o', width: 1200, format }, 100_000_000)
      let t = performance.now()
      for (let i = 0; i < n; i++) await makeDerivative(photo, { picture, crop: '16x9', width: 1200, format }, 100_000_000)
      const serial = n / ((performance.now() - t) / 1000)
      t = performance.now()
      await Promise.all(Array.from({ length: n }, () => makeDerivative(photo, { picture, crop: '16x9', width: 1200, format }, 100_000_000)))
      const parallel = n / ((performance.now() - t) / 1000)
      generation[format] = { perSecondOneAtATime: Number(serial.toFixed(2)), perSecondAllAtOnce: Number(parallel.toFixed(2)) }
      console.log(`  1,200 px ${format} from 24 MP: ${serial.toFixed(2)}/s one at a time, ${parallel.toFixed(2)}/s ${n} at once`)
    }

    // 2. cached derivative requests, app beside nginx
    const server = await startServer({ BENCH_DIR: path.join(work, 'app'), BENCH_PHOTO: photoFile })
    const info = JSON.parse(server.lines.find((l) => l.startsWith('{'))!) as { item: { previewUrl: string } }
    const url = info.item.previewUrl.replace('o-320.jpg', '16x9-800.jpg')
    const first = await request(server.port, { path: url })
    if (first.status !== 200) throw new Error(`the app answered ${first.status} for ${url}`)
    const baseline = await nginx(path.join(work, 'nginx'), first.body).catch(async (e) => {
      await server.stop()
      throw e
    })
    const appLoad = await load(`http://127.0.0.1:${server.port}${url}`, { seconds, connections })
    const nginxLoad = baseline ? await load(`http://127.0.0.1:${baseline.port}/derivative.jpg`, { seconds, connections }) : undefined
    baseline?.stop()
    const appRss = await status(server.child.pid!, 'VmHWM')
    await server.stop()
    console.log(
      `  cached ${first.body.length} byte derivative: app ${Math.round(appLoad.rps)} req/s, nginx ${nginxLoad ? Math.round(nginxLoad.rps) : 'n/a'} req/s`,
    )

    const file = await writeResult('images', {
      machine: machine(),
      // the machine is shared: its load when the run began and ended says how far to trust the timings
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((l) => Number(l.toFixed(2))) },
      photo: { width: 6000, height: 4000, bytes: photo.length },
      derivativeGeneration: generation,
      cachedDerivative: {
        url,
        bytes: first.body.length,
        tool: HAVE_WRK ? `wrk -t2 -c${connections} -d${seconds}s` : `autocannon -c${connections} -d${seconds}`,
        app: { rps: Math.round(appLoad.rps), p50ms: appLoad.p50, p99ms: appLoad.p99, peakRssMiB: appRss },
        nginx: nginxLoad ? { rps: Math.round(nginxLoad.rps), p50ms: nginxLoad.p50, p99ms: nginxLoad.p99 } : 'not installed',
      },
      concurrentUploads: await concurrentUploads(photo, work),
    })
    console.log(`wrote ${file}`)
  } finally {
    await fs.rm(work, { recursive: true, force: true })
    if (serverEntry[0] !== '--import') await fs.rm(serverEntry[0]!, { force: true })
  }
}
