/**
 * An app node in its own process, for multi-node tests: opens the PostgreSQL schema named by
 * APP_NODE_DATABASE_URL and APP_NODE_SCHEMA (already migrated by the test), listens on an
 * ephemeral port and prints "port N" once ready. With APP_NODE_REDIS_URL it uses Redis (channels and
 * keys under APP_NODE_REDIS_PREFIX), as a node of a Redis deployment does. Started by `startAppNode` (app-process.ts).
 */
import pino from 'pino'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { createEventBus } from '../../src/events.ts'

const database = await openDatabase({ url: process.env.APP_NODE_DATABASE_URL!, schema: process.env.APP_NODE_SCHEMA!, poolSize: 3 })
const redisUrl = process.env.APP_NODE_REDIS_URL
const redisPrefix = process.env.APP_NODE_REDIS_PREFIX
const config = loadConfig({ SITE_URL: 'http://dateline.test', DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) })
const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
const app = await buildApp(
  { config, database, log, clock: { now: () => new Date() }, events: createEventBus() },
  {
    scheduler: false,
    ...(redisPrefix ? { liveBlog: { redisPrefix }, discussion: { redisPrefix }, counters: { redisPrefix } } : {}),
  },
)
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`port ${typeof address === 'object' && address ? address.port : 0} pid ${process.pid}`)
const stop = async () => {
  await app.close()
  await database.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
