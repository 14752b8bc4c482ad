/**
 * `npm run bench -- start [--runs N]`: how long Dateline takes to serve after `npm start` on this
 * machine, measured from spawning the process to the first 200 from /healthz; median of N runs
 * (default 5), each beside the same measurement of a bare Fastify hello-world, interleaved, in the
 * same run. Also `npx dateline --help` and a mistake in a command's arguments (answered before
 * anything is opened).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { quantile, writeResult } from './support.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

/** Milliseconds from spawn to the first 200 from url, then the process is stopped. */
async function timeToServe(args: string[], env: NodeJS.ProcessEnv, port: number, urlPath: string): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`)
      const ok = await fetch(`http://127.0.0.1:${port}${urlPath}`)
        .then((r) => r.ok)
        .catch(() => false)
      if (ok) return performance.now() - started
      if (performance.now() - started > 60_000) throw new Error(`no answer in 60 s: ${stderr}`)
      await new Promise((r) => setTimeout(r, 5))
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
}

/** Milliseconds a command takes to finish. */
async function timeCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' })
  await new Promise((r) => child.once('exit', r))
  return performance.now() - started
}

const HELLO = `import Fastify from 'fastify'
const app = Fastify()
app.get('/healthz', async () => ({ ok: true }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
`

const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  )
const round = (x: number) => Math.round(x)

export async function run(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs')
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-bench-start-'))
  const hello = path.join(ROOT, 'bench', `.hello-${process.pid}.mjs`)
  await fs.writeFile(hello, HELLO)
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra }
    delete e.DATABASE_URL
    delete e.REDIS_URL
    return e
  }
  const startArgs = ['--single-threaded-gc', 'bin/start.js']
  const samples = { bare: [] as number[], restart: [] as number[], fresh: [] as number[], help: [] as number[], badArgs: [] as number[] }
  try {
    // one start to build (if needed) and to make the database the restarts reopen
    const existing = path.join(tmp, 'existing')
    {
      const port = await freePort()
      await timeToServe(startArgs, env({ DATA_DIR: existing, PORT: String(port) }), port, '/healthz')
    }
    for (let i = 0; i < runs; i++) {
      let port = await freePort()
      samples.bare.push(await timeToServe([hello], env({ PORT: String(port) }), port, '/healthz'))
      port = await freePort()
      samples.restart.push(await timeToServe(startArgs, env({ DATA_DIR: existing, PORT: String(port) }), port, '/healthz'))
      port = await freePort()
      samples.fresh.push(await timeToServe(startArgs, env({ DATA_DIR: path.join(tmp, `fresh-${i}`), PORT: String(port) }), port, '/healthz'))
      samples.help.push(await timeCommand(['bin/dateline.js', '--help'], env({ DATA_DIR: existing })))
      samples.badArgs.push(await timeCommand(['bin/dateline.js', 'user', 'add', '--email', 'not-an-address'], env({ DATA_DIR: existing })))
    }
  } finally {
    await fs.rm(hello, { force: true })
    await fs.rm(tmp, { recursive: true, force: true })
  }
  const bare = median(samples.bare)
  const line = (name: string, xs: number[], target: number) => ({
    name,
    medianMs: round(median(xs)),
    samplesMs: xs.map(round),
    ratioToBareFastify: Number((median(xs) / bare).toFixed(2)),
    targetMs: target,
  })
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg().map((x) => Number(x.toFixed(2))) },
    runs,
    bareFastifyMs: { median: round(bare), samples: samples.bare.map(round) },
    results: [
      line('restart on an existing embedded database (spawn → /healthz 200)', samples.restart, 1500),
      line('fresh start: migrations (template) + demo content + first admin', samples.fresh, 5000),
      line('npx dateline --help', samples.help, 500),
      line('npx dateline user add --email not-an-address (refused before opening anything)', samples.badArgs, 500),
    ],
  }
  console.log(`bare Fastify hello-world start: ${round(bare)} ms (median of ${runs})`)
  for (const r of result.results) console.log(`${r.name}: ${r.medianMs} ms median (${r.ratioToBareFastify}× bare Fastify; target ${r.targetMs} ms)`)
  console.log(`written to ${await writeResult('start', result)}`)
}
