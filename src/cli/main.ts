import { Command, CommanderError } from 'commander'
import { ConfigError, loadConfig } from '../config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { isEmpty, loadDemoContent } from '../demo/load-demo.ts'
import { CaptureError } from '../importers/text-capture.ts'
import { importTextFile } from '../importers/import-text.ts'
import { addStationCommands } from '../live/cli.ts'

/** Runs the `dateline` command line; returns the exit code. */
export async function runCli(argv: string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }): Promise<number> {
  const program = new Command()
    .name('dateline')
    .description('Dateline: news publishing platform. Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data).')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError()

  let exitCode = 0
  const withDatabase = async (fn: (database: Database) => Promise<void>) => {
    const config = loadConfig()
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
    try {
      await migrate(database.db)
      await fn(database)
    } finally {
      await database.close()
    }
  }

  program
    .command('import-text')
    .description('Import (or re-import) an article from a plain-text page capture like the seed')
    .argument('<file>', 'the capture file')
    .option('--section <name>', 'section name (default: the capture’s section label)')
    .option('--headline <text>', 'headline (the capture format has none; without it one is derived and flagged for an editor)')
    .action(async (file: string, opts: { section?: string; headline?: string }) => {
      await withDatabase(async ({ db }) => {
        const result = await importTextFile(db, file, opts)
        for (const w of result.warnings) io.err(`warning: ${w}`)
        const a = result.article
        io.out(`${result.created ? 'Imported' : 'Updated'} article ${a.id}: "${a.headline}"${a.headlineNeedsReview ? ' (derived headline: an editor should write one)' : ''}`)
        io.out(`  ${result.capture.body.length} body blocks, ${result.capture.related.length} related headlines, dateline ${result.capture.dateline ? result.capture.dateline.place : 'none'}`)
      })
    })

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      await withDatabase(async () => io.out('Database is up to date.'))
    })

  program
    .command('demo')
    .description('Load the demo content (only into an empty database)')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        if (!(await isEmpty(db))) {
          io.err('The database already has articles; demo content is only loaded into an empty database.')
          exitCode = 1
          return
        }
        const { articles } = await loadDemoContent(db, new Date())
        io.out(`Loaded ${articles} demo articles.`)
      })
    })

  addStationCommands(program, { withDatabase, io, fail: () => void (exitCode = 1) })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode
    if (e instanceof CaptureError || e instanceof ConfigError) {
      io.err(`error: ${e.message}`)
      return 1
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/dateline.js') || process.argv[1]?.endsWith('/dateline')) {
  process.exitCode = await runCli(process.argv.slice(2))
}
