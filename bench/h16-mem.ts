import path from 'node:path'
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/database.ts'
import { migrate } from '../src/db/migrate.ts'
import { createEventBus } from '../src/events.ts'
const m = (s: string) => {
  const u = process.memoryUsage()
  console.log(s, Object.fromEntries(Object.entries(u).map(([k, v]) => [k, Math.round(v / 1048576)])))
}
m('imports')
const dir = process.env.BENCH_DIR!
const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: path.join(dir, 'data') })
await migrate(database.db)
m('db')
const config = loadConfig({
  SITE_URL: 'http://bench.test',
  DATA_DIR: path.join(dir, 'data'),
  MEDIA_CACHE_DIR: path.join(dir, 'cache'),
  LOG_LEVEL: 'silent',
  DEMO_CONTENT: 'false',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
})
const app = await buildApp(
  { config, database, log: pino({ level: 'silent' }), clock: { now: () => new Date() }, events: createEventBus() },
  { scheduler: false },
)
m('built')
await app.listen({ port: 0, host: '127.0.0.1' })
m('listening')
await new Promise((r) => setTimeout(r, 3000))
m('later')
const hwm = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/)![1]
console.log('hwm', Math.round(Number(hwm) / 1024))
await app.close()
await database.close()
