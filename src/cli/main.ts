import { Command, CommanderError } from 'commander'
import { ConfigError, loadConfig } from '../config.ts'
import { checkDataDir } from '../db/data-dir.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { isEmpty, loadDemoContent } from '../demo/load-demo.ts'
import { CaptureError } from '../importers/text-capture.ts'
import { importTextFile } from '../importers/import-text.ts'
import { addStationCommands } from '../live/cli.ts'
import { createStaffService } from '../accounts/staff-service.ts'
import type { StaffRole } from '../accounts/tables.ts'
import { AppError } from '../errors.ts'

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
    const problem = config.databaseUrl ? undefined : await checkDataDir(config.dataDir)
    if (problem) throw new ConfigError([problem])
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

  const user = program.command('user').description('Staff accounts')
  const readPassword = async (opts: { passwordStdin?: boolean }): Promise<string | undefined> => {
    if (!opts.passwordStdin) return undefined
    const chunks: Buffer[] = []
    for await (const c of process.stdin) chunks.push(c as Buffer)
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  }
  user
    .command('add')
    .description('Create a staff account; prints a generated password unless --password-stdin is given')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .option('--role <role>', 'admin, editor, reporter or moderator', 'reporter')
    .option('--name <name>', 'display name and byline (default: the part of the e-mail before @)')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (opts: { email: string; role: string; name?: string; passwordStdin?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const password = await readPassword(opts)
        const staff = createStaffService({ db, now: () => new Date() })
        const r = await staff.createStaff({ email: opts.email, displayName: opts.name ?? opts.email.split('@')[0]!, role: opts.role as StaffRole, password })
        io.out(`Created ${r.account.role} ${r.account.email} (account ${r.account.id}).`)
        if (r.generated) io.out(`Password (shown once): ${r.password}`)
      })
    })
  user
    .command('reset-password')
    .description('Set a new password (generated unless --password-stdin) and sign the account out everywhere')
    .requiredOption('--email <email>', 'the account’s e-mail address')
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (opts: { email: string; passwordStdin?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const password = await readPassword(opts)
        const r = await createStaffService({ db, now: () => new Date() }).resetPassword(opts.email, password)
        io.out(`Password reset for ${opts.email.toLowerCase()}; every session of the account has ended.`)
        if (r.generated) io.out(`New password (shown once): ${r.password}`)
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
    if (e instanceof AppError) {
      io.err(`error: ${e.fields.length ? e.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : e.publicMessage}`)
      return 1
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/dateline.js') || process.argv[1]?.endsWith('/dateline')) {
  process.exitCode = await runCli(process.argv.slice(2))
}
