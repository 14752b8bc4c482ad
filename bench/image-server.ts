/**
 * The app for the images benchmark, in its own process (its memory is read from /proc): a fresh
 * embedded database in BENCH_DIR (or a schema on BENCH_DATABASE_URL), an editor's session, and the 24-megapixel photo in BENCH_PHOTO
 * uploaded once. Run from the sources under tsx, or bundled like dist/server (BENCH_BUILT). Prints
 * "port N", then a JSON line with the session headers and the picture.
 */
import path from 'node:path'
import pino from 'pino'
import { createAuthService } from '../src/accounts/auth-service.ts'
import { createStaffService } from '../src/accounts/staff-service.ts'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/database.ts'
import { migrate } from '../src/db/migrate.ts'
import { createEventBus } from '../src/events.ts'
import { createMemoryRateLimiter } from '../src/http/rate-limit.ts'
import type { MediaService } from '../src/media/media-service.ts'
import { loadBuiltAssets } from '../src/web/assets.ts'

const dir = process.env.BENCH_DIR!
// BENCH_DATABASE_URL: a PostgreSQL database (empty: the bench creates one for the run) instead of the embedded one
const url = process.env.BENCH_DATABASE_URL
const database = await openDatabase(url ? { url } : { dataDir: path.join(dir, 'data') })
await migrate(database.db)
const config = loadConfig({
  SITE_URL: 'http://bench.test',
  DATA_DIR: path.join(dir, 'data'),
  MEDIA_CACHE_DIR: path.join(dir, 'cache'),
  MEDIA_MAX_UPLOAD_MB: '64',
  LOG_LEVEL: 'silent',
  DEMO_CONTENT: 'false',
})
const app = await buildApp(
  { config, database, log: pino({ level: 'silent' }), clock: { now: () => new Date() }, events: createEventBus() },
  // bundled by the bench (BENCH_BUILT): the build's assets, as the built server loads them
  { scheduler: false, ...(process.env.BENCH_BUILT ? { assets: loadBuiltAssets() } : {}) },
)
await app.listen({ port: 0, host: '127.0.0.1' })
const { account } = await createStaffService({ db: database.db, now: () => new Date() }).createStaff({
  email: 'bench@images.test',
  displayName: 'Bench',
  role: 'editor',
  password: 'Bench-password-123456',
})
const session = await createAuthService({ db: database.db, limiter: createMemoryRateLimiter(), now: () => new Date() }).startSession(account, 'bench')
const headers = { cookie: `dl_session=${session.token}`, 'x-csrf-token': session.csrfToken }
let item: unknown
if (process.env.BENCH_PHOTO) {
  const media = (app as unknown as { media: MediaService }).media
  item = await media.upload({ file: { path: process.env.BENCH_PHOTO }, filename: 'photo.jpg', by: account.id, alt: 'Bench' })
}
console.log(`port ${(app.server.address() as { port: number }).port}`)
console.log(JSON.stringify({ headers, item }))
process.on('SIGTERM', () => void app.close().then(() => database.close().then(() => process.exit(0))))
