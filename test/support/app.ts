import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildApp, type BuildOptions } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import type { Database, DatabaseKind } from '../../src/db/database.ts'
import type { Clock, Deps } from '../../src/deps.ts'
import { loadDemoContent } from '../../src/demo/load-demo.ts'
import { createEventBus } from '../../src/events.ts'
import { openTestDatabase } from './databases.ts'

export const TEST_NOW = new Date('2026-11-29T12:00:00Z')

export interface TestApp {
  app: FastifyInstance
  database: Database
  deps: Deps
  close(): Promise<void>
}

/** An app on a fresh test database (demo content loaded unless `demo: false`), for inject() tests. */
export async function createTestApp(
  options: { kind?: DatabaseKind; demo?: boolean; env?: Record<string, string>; clock?: Clock; build?: BuildOptions; database?: Database } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase(options.kind ?? 'pglite'))
  // inject() requests come from loopback; tests give readers distinct addresses with X-Forwarded-For
  // test servers (Icecast, hubs) listen on loopback: server-side fetches may reach it in tests
  const config: Config = loadConfig({
    SITE_URL: 'http://dateline.test',
    DATA_DIR: '/nonexistent',
    TRUST_PROXY: 'loopback',
    FETCH_ALLOWED_ADDRESSES: '127.0.0.0/8,::1',
    ...options.env,
  })
  const clock = options.clock ?? { now: () => new Date() }
  if (options.demo !== false) await loadDemoContent(database.db, TEST_NOW)
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
  const events = createEventBus((err, name) => log.error({ err, event: name }, 'event handler failed'))
  const deps: Deps = { config, database, log, clock, events }
  const app = await buildApp(deps, options.build)
  await app.ready()
  return {
    app,
    database,
    deps,
    async close() {
      await app.close()
      await database.close()
    },
  }
}
