import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { openDatabase } from './db/database.ts'
import { migrate } from './db/migrate.ts'
import { systemClock } from './deps.ts'
import { isEmpty, loadDemoContent } from './demo/load-demo.ts'
import { createEventBus } from './events.ts'
import { createLogger } from './log.ts'
import { createStaffService } from './accounts/staff-service.ts'

/** Starts Dateline: reads config, opens and migrates the database, loads demo content when empty, listens. */
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(2)
    }
    throw e
  }
  const log = createLogger(config)
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  log.info({ database: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'database open')
  const { applied } = await migrate(database.db)
  if (applied.length) log.info({ applied }, 'migrations applied')

  if (config.demoContent && (await isEmpty(database.db))) {
    const { articles } = await loadDemoContent(database.db, systemClock.now())
    log.info({ articles }, 'demo content loaded into the empty database')
  }

  const firstAdmin = await createStaffService({ db: database.db, now: systemClock.now }).ensureFirstAdmin(config.adminEmail)

  const events = createEventBus((err, name) => log.error({ err, event: name }, 'event handler failed'))
  const app = await buildApp({ config, database, log, clock: systemClock, events })
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  console.log(`Dateline is serving ${config.siteUrl.href} (listening on http://${config.host}:${config.port})`)
  if (firstAdmin) {
    // Printed once, to the terminal only (never to the log): the database keeps only its hash.
    console.log(
      [
        '',
        'An administrator account was created for this new site:',
        `  sign in at  ${new URL('/newsroom/sign-in', config.siteUrl).href}`,
        `  e-mail      ${firstAdmin.email}`,
        `  password    ${firstAdmin.password}`,
        'This password is shown only now: change it in the newsroom under "Your account".',
        '',
      ].join('\n'),
    )
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
})
