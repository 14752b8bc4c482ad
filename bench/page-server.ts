/**
 * The app under benchmark, in its own process (so its memory can be read and the load generator
 * does not share its event loop). Opens the benchmark database named by BENCH_TARGET, listens on
 * an ephemeral port and prints it as "port N". BENCH_WORKERS > 1 (PostgreSQL only) runs that many
 * cluster workers sharing the port, as `WORKERS` does for `npm start`.
 */
import cluster from 'node:cluster'
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/database.ts'
import { createEventBus } from '../src/events.ts'
import type { BenchTarget } from './support.ts'

const workers = Number(process.env.BENCH_WORKERS ?? 1)
if (cluster.isPrimary && workers > 1) {
  let port = 0
  let listening = 0
  cluster.on('message', (_w, msg: { port: number }) => {
    port = msg.port
    if (++listening === workers) console.log(`port ${port}`)
  })
  for (let i = 0; i < workers; i++) cluster.fork()
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
    setTimeout(() => process.exit(0), 3000).unref()
  })
} else {
  const target = JSON.parse(process.env.BENCH_TARGET!) as BenchTarget
  const database =
    target.kind === 'postgres' ? await openDatabase({ url: target.url, schema: target.schema, poolSize: 10 }) : await openDatabase({ dataDir: target.dataDir })
  const config = loadConfig({ SITE_URL: 'http://bench.test', DATA_DIR: '/nonexistent', PAGE_CACHE_MB: process.env.PAGE_CACHE_MB ?? '256', LOG_LEVEL: 'silent' })
  const app = await buildApp(
    { config, database, log: pino({ level: 'silent' }), clock: { now: () => new Date() }, events: createEventBus() },
    { scheduler: false },
  )
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  if (cluster.isWorker) process.send!({ port })
  else console.log(`port ${port}`)
  const stop = async () => {
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}
