import cluster from 'node:cluster'
import os from 'node:os'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { checkDataDir } from './db/data-dir.ts'
import type { Kysely } from 'kysely'
import { openDatabase, type Database } from './db/database.ts'
import type { DB } from './db/schema.ts'
import { migrate } from './db/migrate.ts'
import { systemClock } from './deps.ts'
import { isEmpty, loadDemoContent } from './demo/load-demo.ts'
import { createEventBus } from './events.ts'
import { createLogger } from './log.ts'
import { createStaffService } from './accounts/staff-service.ts'
import { adminSocketPath, startAdminSocket } from './cli/admin-socket.ts'

/** Start-up phases, timed: LOG_LEVEL=debug shows where a start spends its time. */
const startedAt = performance.now()
const since = () => Math.round(performance.now() - startedAt)

function readConfig(): Config {
  try {
    return loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(2)
    }
    throw e
  }
}

/** Stops the start with a configuration problem, as readConfig does. */
function refuse(problem: string): never {
  console.error(`Invalid configuration:\n  - ${problem}`)
  process.exit(2)
}

/** Migrations and demo content: done once, before any worker serves (and before any other query). */
async function prepare(config: Config, db: Kysely<DB>): Promise<void> {
  const log = createLogger(config)
  log.info({ database: config.databaseUrl ? 'postgres' : 'pglite', dataDir: config.databaseUrl ? undefined : config.dataDir }, 'database open')
  log.debug({ ms: since() }, 'start: database open')
  const { applied } = await migrate(db)
  log.debug({ ms: since() }, 'start: migrations checked')
  if (applied.length) log.info({ applied }, 'migrations applied')
  if (config.demoContent && (await isEmpty(db))) {
    const { articles } = await loadDemoContent(db, systemClock.now())
    log.info({ articles }, 'demo content loaded into the empty database')
  }
}

/**
 * The first administrator of an empty site, made only once the site is listening: a start that
 * fails earlier (port in use, anything) makes no account, so the next start still offers a way in.
 */
async function firstAdmin(config: Config, database: Database): Promise<void> {
  const admin = await createStaffService({ db: database.db, now: systemClock.now }).ensureFirstAdmin(config.adminEmail)
  if (admin) printFirstAdmin(config, admin)
}

/** One serving process: opens the database, builds the app, listens, shuts down gracefully. */
async function serve(config: Config, announce: boolean, opened?: Database): Promise<Database> {
  const log = createLogger(config)
  const database = opened ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, deadlineMs: config.databaseDeadlineMs }))
  const events = createEventBus((err, name) => log.error({ err, event: name }, 'event handler failed'))
  log.debug({ ms: since() }, 'start: building the app')
  const app = await buildApp({ config, database, log, clock: systemClock, events }, { lazySchemas: true })
  log.debug({ ms: since() }, 'start: app built')
  // route schemas compile while the embedded database may still be opening; then both must be done
  await app.ready()
  await database.ready
  log.debug({ ms: since() }, 'start: ready')
  // `npx dateline` hands its commands to this process while it has the embedded database open
  const socket =
    database.kind === 'pglite'
      ? await startAdminSocket({ path: adminSocketPath(config.dataDir), context: (io) => ({ db: database.db, events, io, now: systemClock.now }), log }).catch(
          (err) => {
            log.warn({ err }, 'the admin socket could not start: npx dateline cannot run commands while this server runs')
            return undefined
          },
        )
      : undefined
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    // close() stops accepting, finishes requests in flight and flushes counters held in memory
    await socket?.close()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (e) {
    await socket?.close()
    throw e
  }
  log.debug({ ms: since() }, 'start: listening')
  if (announce) console.log(`Dateline is serving ${config.siteUrl.href} (listening on http://${config.host}:${config.port})`)
  return database
}

function printFirstAdmin(config: Config, admin: { email: string; password: string }): void {
  // Printed once, to the terminal only (never to the log): the database keeps only its hash.
  console.log(
    [
      '',
      'An administrator account was created for this new site:',
      `  sign in at  ${new URL('/newsroom/sign-in', config.siteUrl).href}`,
      `  e-mail      ${admin.email}`,
      `  password    ${admin.password}`,
      'This password is shown only now: change it in the newsroom under "Your account".',
      '',
    ].join('\n'),
  )
}

/**
 * Starts Dateline. With WORKERS > 1 the primary process prepares the database, then runs that
 * many workers sharing the port (node:cluster), replacing any that die; each worker is a full
 * app node, and the nodes agree through PostgreSQL (and Redis when set).
 */
async function main(): Promise<void> {
  const config = readConfig()
  if (cluster.isWorker) {
    await serve(config, false)
    return
  }

  const workers = config.workers === 'auto' ? os.availableParallelism() : config.workers
  if (workers > 1 && !config.databaseUrl) refuse('WORKERS above 1 needs DATABASE_URL: the embedded database can be open in one process only')
  if (!config.databaseUrl) {
    const problem = await checkDataDir(config.dataDir)
    if (problem) refuse(problem)
  }
  // the embedded database opens (and migrates) in the background while the app is built
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    deadlineMs: config.databaseDeadlineMs,
    prepare: (db) => prepare(config, db),
  })
  if (workers === 1) {
    await serve(config, true, database)
    await firstAdmin(config, database)
    return
  }
  await database.ready
  await database.close()

  let stopping = false
  let restarts = 0
  const fork = () => cluster.fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    // a worker that dies is replaced, with a growing pause if they keep dying
    restarts++
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
    setTimeout(fork, Math.min(30_000, 250 * 2 ** Math.min(restarts, 7)))
  })
  let listening = 0
  cluster.on('listening', () => {
    if (++listening === workers) {
      console.log(`Dateline is serving ${config.siteUrl.href} with ${workers} workers (listening on http://${config.host}:${config.port})`)
      void (async () => {
        const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
        try {
          await firstAdmin(config, db)
        } finally {
          await db.close()
        }
      })().catch((e) => console.error(`The first administrator could not be created: ${e instanceof Error ? e.message : String(e)}`))
    }
  })
  for (let i = 0; i < workers; i++) fork()
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
    setTimeout(() => process.exit(0), 11_000).unref()
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
    })
  }
  process.on('SIGINT', () => stop('SIGTERM'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
})
