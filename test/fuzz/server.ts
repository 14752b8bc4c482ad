/**
 * The site under fuzzing, in its own process so a crash is seen as one: opens a fresh database
 * (the embedded one in FUZZ_DATA_DIR, or a new schema on FUZZ_DATABASE_URL), loads the demo
 * content, makes a signed-in administrator and reader, listens on 127.0.0.1 and prints one JSON
 * line: port, the route table and the credentials. Errors the app logs go to stderr, where the
 * harness reads them. Started by test/fuzz/harness.ts.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import pino from 'pino'
import { createAccountStore } from '../../src/accounts/account-store.ts'
import { createAuthService } from '../../src/accounts/auth-service.ts'
import { hashPassword } from '../../src/accounts/passwords.ts'
import { createStaffService } from '../../src/accounts/staff-service.ts'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { openDatabase } from '../../src/db/database.ts'
import { migrate } from '../../src/db/migrate.ts'
import { loadDemoContent } from '../../src/demo/load-demo.ts'
import { createEventBus } from '../../src/events.ts'
import { createMemoryRateLimiter } from '../../src/http/rate-limit.ts'

const url = process.env.FUZZ_DATABASE_URL
const schema = url ? `fuzz_${process.pid}_${randomBytes(3).toString('hex')}` : undefined
if (url) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`create schema "${schema}"`)
  await c.end()
}
const database = url ? await openDatabase({ url, schema: schema!, poolSize: 10 }) : await openDatabase({ dataDir: process.env.FUZZ_DATA_DIR! })
if (url) await migrate(database.db)
const db = database.db
const now = () => new Date()
await loadDemoContent(db, now())

// An administrator and a reader, signed in; the one-time password step does not apply to them.
const password = `Fuzz-${randomBytes(9).toString('base64url')}`
const { account: admin } = await createStaffService({ db, now }).createStaff({
  email: 'fuzz-admin@fuzz.test',
  displayName: 'Fuzz Admin',
  role: 'admin',
  password,
})
const reader = await createAccountStore(db).createAccount({
  kind: 'reader',
  email: 'fuzz-reader@fuzz.test',
  displayName: 'Fuzz Reader',
  passwordHash: await hashPassword(password),
})
const auth = createAuthService({ db, limiter: createMemoryRateLimiter(), now })
const adminSession = await auth.startSession(admin, 'fuzz')
const readerSession = await auth.startSession(reader, 'fuzz')
const articleIds = (await db.selectFrom('articles').select('id').orderBy('id').execute()).map((r) => r.id)

const config = loadConfig({
  SITE_URL: 'http://127.0.0.1',
  DATA_DIR: process.env.FUZZ_DATA_DIR ?? '/nonexistent',
  // every request comes from loopback with a made-up client address, so limits count per "client"
  TRUST_PROXY: '127.0.0.1',
  LOG_LEVEL: 'error',
})
const app = await buildApp(
  { config, database, log: pino({ level: 'error' }, pino.destination(2)), clock: { now }, events: createEventBus() },
  { scheduler: false },
)
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(
  JSON.stringify({
    port: typeof address === 'object' && address ? address.port : 0,
    routes: app.routePolicies,
    admin: { cookie: `dl_session=${adminSession.token}`, csrf: adminSession.csrfToken },
    reader: { cookie: `dl_session=${readerSession.token}`, csrf: readerSession.csrfToken },
    articleIds,
  }),
)

const stop = async () => {
  await app.close()
  await database.close()
  if (url) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(`drop schema if exists "${schema}" cascade`)
    await c.end()
  }
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
