/**
 * The app under benchmark, in its own process (so its memory can be read and the load generator
 * does not share its event loop). Opens the benchmark database named by BENCH_TARGET, listens on
 * an ephemeral port and prints it as "port N".
 */
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/database.ts'
import { createEventBus } from '../src/events.ts'
import type { BenchTarget } from './support.ts'

const target = JSON.parse(process.env.BENCH_TARGET!) as BenchTarget
const database = target.kind === 'postgres' ? await openDatabase({ url: target.url, schema: target.schema, poolSize: 10 }) : await openDatabase({ dataDir: target.dataDir })
const config = loadConfig({ SITE_URL: 'http://bench.test', DATA_DIR: '/nonexistent', PAGE_CACHE_MB: process.env.PAGE_CACHE_MB ?? '256', LOG_LEVEL: 'silent' })
const app = await buildApp({ config, database, log: pino({ level: 'silent' }), clock: { now: () => new Date() }, events: createEventBus() }, { scheduler: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`port ${typeof address === 'object' && address ? address.port : 0}`)
const stop = async () => {
  await app.close()
  await database.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
