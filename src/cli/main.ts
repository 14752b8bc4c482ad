import fs from 'node:fs'
import path from 'node:path'
import { Command, CommanderError } from 'commander'
import { PATHS } from '../paths.ts'
import type { CommandArgs, CommandIO, CommandName } from './commands.ts'

/** A mistake in what the user typed, found before anything is opened. */
class UsageError extends Error {}

const STAFF_ROLES = ['admin', 'editor', 'reporter', 'moderator'] as const

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PATHS.root, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Reads a file named on the command line, saying plainly what is wrong with it. */
function readFileArg(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, not ${what}` : `${file}: cannot be read (${code})`,
    )
  }
}

/**
 * Runs the `dateline` command line; returns the exit code. Every argument is checked here, before
 * a database is opened; the checked command then runs where the data is (src/cli/run.ts). Command
 * implementations load only when a command runs, so `--help` and mistakes answer at once.
 */
export async function runCli(argv: string[], given?: CommandIO): Promise<number> {
  const io: CommandIO = given ?? { out: (s) => console.log(s), err: (s) => console.error(s) }
  let exitCode = 0
  const execute = async <K extends CommandName>(name: K, args: CommandArgs[K]) => {
    const { runWhereTheDataIs } = await import('./run.ts')
    exitCode = await runWhereTheDataIs(name, args, io)
  }
  const required = (text: string) => `${text} (required)`

  const program = new Command()
    .name('dateline')
    .description(
      'Dateline: news publishing platform. Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data); while the site runs on the embedded database, commands run inside it.',
    )
    .version(version(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError()

  program
    .command('import-text')
    .description('Import (or re-import) an article from a plain-text page capture like the seed')
    .argument('<file>', 'the capture file')
    .option('--section <name>', 'section name (default: the capture’s section label)')
    .option('--headline <text>', 'headline (the capture format has none; without it one is derived and flagged for an editor)')
    .action(async (file: string, opts: { section?: string; headline?: string }) => {
      const bytes = readFileArg(file, 'a capture file')
      const { decodeCapture, parseTextCapture } = await import('../importers/text-capture.ts')
      const text = decodeCapture(bytes)
      parseTextCapture(text) // a malformed capture is reported (with its line) before anything is opened
      if (opts.headline !== undefined && (opts.headline.trim() === '' || opts.headline.length > 200))
        throw new UsageError('--headline must be 1 to 200 characters')
      await execute('import-text', { text, file: path.resolve(file), section: opts.section, headline: opts.headline })
    })

  const user = program.command('user').description('Staff accounts')
  user
    .command('add')
    .description('Create a staff account; prints a generated password unless --password-stdin is given')
    .requiredOption('--email <email>', required('e-mail address (the sign-in name)'))
    .option('--role <role>', `${STAFF_ROLES.join(', ')}`, 'reporter')
    .option('--name <name>', 'display name and byline (default: the part of the e-mail before @)')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (opts: { email: string; role: string; name?: string; passwordStdin?: boolean }) => {
      const { accountFieldProblems } = await import('../accounts/staff-service.ts')
      const name = opts.name ?? opts.email.split('@')[0]!
      const problems = accountFieldProblems({ email: opts.email, displayName: name, role: opts.role })
      if (problems.length) throw new UsageError(problems.map((p) => `--${p.field === 'displayName' ? 'name' : p.field}: ${p.message}`).join('\n'))
      const password = opts.passwordStdin ? await readStdin() : undefined
      if (password !== undefined) {
        const { passwordProblem } = await import('../accounts/passwords.ts')
        const problem = passwordProblem(password)
        if (problem) throw new UsageError(`password: ${problem}`)
      }
      await execute('user add', { email: opts.email, role: opts.role as (typeof STAFF_ROLES)[number], name, password })
    })
  user
    .command('reset-password')
    .description('Set a new password (generated unless --password-stdin) and sign the account out everywhere')
    .requiredOption('--email <email>', required('the account’s e-mail address'))
    .option('--password-stdin', 'read the new password from standard input')
    .action(async (opts: { email: string; passwordStdin?: boolean }) => {
      const { accountFieldProblems } = await import('../accounts/staff-service.ts')
      const problems = accountFieldProblems({ email: opts.email })
      if (problems.length) throw new UsageError(`--email: ${problems[0]!.message}`)
      const password = opts.passwordStdin ? await readStdin() : undefined
      if (password !== undefined) {
        const { passwordProblem } = await import('../accounts/passwords.ts')
        const problem = passwordProblem(password)
        if (problem) throw new UsageError(`password: ${problem}`)
      }
      await execute('user reset-password', { email: opts.email, password })
    })

  program
    .command('migrate')
    .description('Apply pending database migrations and say which')
    .action(() => execute('migrate', {}))

  program
    .command('demo')
    .description('Load the demo content (only into an empty database)')
    .action(() => execute('demo', {}))

  program
    .command('verify-history')
    .description('Check every published version against its hash and the chain of versions (exit 1 naming each break)')
    .option('--article <id>', 'check one article only')
    .action((opts: { article?: string }) => {
      if (opts.article !== undefined && !/^[1-9]\d{0,9}$/.test(opts.article)) throw new UsageError('--article must be an article id (a whole number)')
      return execute('verify-history', { articleId: opts.article !== undefined ? Number(opts.article) : undefined })
    })

  const mediaCommand = program.command('media').description('The media library (pictures)')
  mediaCommand
    .command('add')
    .description('Add a picture to the media library; caption, credit and copyright default to what the file says (IPTC, XMP, EXIF)')
    .argument('<file>', 'a JPEG, PNG, WebP, AVIF, GIF (still) or TIFF')
    .option('--alt <text>', 'what the picture shows, for people who cannot see it (required before an article showing it is published)')
    .option('--caption <text>', 'caption shown under the picture')
    .option('--credit <text>', 'who made it, e.g. "Photo: Ana Ruiz / Dateline"')
    .option('--copyright <text>', 'copyright notice')
    .option('--licence-expires <date>', 'after this day (YYYY-MM-DD) readers no longer see the picture')
    .action(async (file: string, opts: { alt?: string; caption?: string; credit?: string; copyright?: string; licenceExpires?: string }) => {
      const bytes = readFileArg(file, 'a picture')
      const limits: [keyof typeof opts, number][] = [
        ['alt', 300],
        ['caption', 500],
        ['credit', 200],
        ['copyright', 200],
      ]
      for (const [name, max] of limits) if ((opts[name]?.length ?? 0) > max) throw new UsageError(`--${name} must be at most ${max} characters`)
      if (opts.licenceExpires !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(opts.licenceExpires) || Number.isNaN(Date.parse(opts.licenceExpires))))
        throw new UsageError('--licence-expires must be a date like 2027-01-31')
      const { sniff } = await import('../media/inspect.ts')
      try {
        sniff(bytes)
      } catch (e) {
        throw new UsageError(`${file}: ${(e as { publicMessage?: string }).publicMessage ?? (e as Error).message}`)
      }
      await execute('media add', {
        file: path.resolve(file),
        alt: opts.alt,
        caption: opts.caption,
        credit: opts.credit,
        copyright: opts.copyright,
        licenceExpiresAt: opts.licenceExpires ? `${opts.licenceExpires}T00:00:00Z` : undefined,
      })
    })

  const importCommand = program.command('import').description('Import from another platform or a Dateline export; importing again updates what changed')
  const importOptions = (c: Command) =>
    c
      .option('--edition <code>', 'the edition to import into (default: the default edition)')
      .option('--uploads <dir>', 'a local copy of the old site’s uploads folder: pictures are read from it instead of fetched')
      .option('--no-fetch', 'do not fetch pictures over the network (they keep their old address)')
      .option('--allow-private-hosts', 'let picture fetches reach private and loopback addresses (refused by default)')
  const importAction =
    (name: 'import wordpress' | 'import ghost', what: string) =>
    async (file: string, opts: { edition?: string; uploads?: string; fetch: boolean; allowPrivateHosts?: boolean }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false })
      if (!stat) throw new UsageError(`${file}: no such file`)
      if (stat.isDirectory()) throw new UsageError(`${file}: is a folder, not ${what}`)
      fs.accessSync(file, fs.constants.R_OK)
      if (opts.uploads !== undefined && !fs.statSync(opts.uploads, { throwIfNoEntry: false })?.isDirectory())
        throw new UsageError(`--uploads ${opts.uploads}: not a folder`)
      if (opts.edition !== undefined && !/^[a-z]{2}(-[a-z0-9]{2,8})?$/.test(opts.edition))
        throw new UsageError('--edition must be an edition code like en or pt-br')
      if (!given) {
        const { progressRenderer } = await import('./progress.ts')
        io.progress = progressRenderer()
      }
      await execute(name, {
        file: path.resolve(file),
        edition: opts.edition,
        uploadsDir: opts.uploads !== undefined ? path.resolve(opts.uploads) : undefined,
        fetch: opts.fetch,
        allowPrivate: opts.allowPrivateHosts === true,
      })
    }
  importOptions(
    importCommand
      .command('wordpress')
      .description('Import a WordPress export (WXR 1.1/1.2): authors, categories, tags, posts, pages, comments, pictures, old addresses (301)')
      .argument('<file>', 'the export file (Tools → Export in WordPress)'),
  ).action(importAction('import wordpress', 'a WordPress export'))
  importOptions(
    importCommand
      .command('ghost')
      .description(
        'Import a Ghost export (JSON): authors, tags (the primary tag is the section), posts and pages in Lexical or mobiledoc, feature images, old addresses (301)',
      )
      .argument('<file>', 'the export file (Settings → Labs → Export in Ghost)'),
  ).action(importAction('import ghost', 'a Ghost export'))
  importCommand
    .command('dateline')
    .description('Read a Dateline export (from `dateline export`) into an empty site: everything, with the same ids; accounts without passwords')
    .argument('<file>', 'the export file')
    .action(async (file: string) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false })
      if (!stat) throw new UsageError(`${file}: no such file`)
      if (stat.isDirectory()) throw new UsageError(`${file}: is a folder, not a Dateline export`)
      await execute('import dateline', { file: path.resolve(file) })
    })

  program
    .command('export')
    .description(
      'Write everything (content with every version, people without password hashes, discussion, settings, media) as JSON (docs/export-format.md), or a WordPress export (--format wxr)',
    )
    .option('--format <format>', 'json (a Dateline export) or wxr (for WordPress)', 'json')
    .option('-o, --output <file>', 'where to write it (must not exist; default dateline-export-DATE.json or .xml)')
    .action(async (opts: { format: string; output?: string }) => {
      if (opts.format !== 'json' && opts.format !== 'wxr') throw new UsageError('--format must be json or wxr')
      const output = opts.output ?? `dateline-export-${new Date().toISOString().slice(0, 10)}.${opts.format === 'wxr' ? 'xml' : 'json'}`
      if (fs.existsSync(output)) throw new UsageError(`${output} already exists; give another --output`)
      if (!fs.statSync(path.dirname(path.resolve(output)), { throwIfNoEntry: false })?.isDirectory())
        throw new UsageError(`${path.dirname(output)}: no such folder`)
      await execute('export', { output: path.resolve(output), format: opts.format })
    })

  const station = program.command('station').description('Live-radio stations: add, list, remove')
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  station
    .command('add')
    .description('Add a station; it is the Listen Live station if it is the first')
    .requiredOption('--name <name>', required('station name'))
    .requiredOption(
      '--stream <url>',
      required('stream URL, Icecast mount or HLS .m3u8 (repeat for fallbacks; add " aac" etc. when the URL does not say)'),
      collect,
    )
    .option('--time-zone <zone>', 'IANA time zone of the schedule', 'Europe/London')
    .option('--status-url <url>', 'Icecast status-json.xsl URL, for the title on air and listeners')
    .option('--slug <slug>', 'short name in its URL (default: from the name)')
    .option('--description <text>', 'one line about the station')
    .option('--schedule <file>', 'weekly schedule, one programme a line: "Mon-Fri 06:00-09:00 | Show | Host | Description"')
    .action(async (opts: { name: string; stream: string[]; timeZone: string; statusUrl?: string; slug?: string; description?: string; schedule?: string }) => {
      const schedule = opts.schedule ? readFileArg(opts.schedule, 'a schedule file').toString('utf8') : ''
      const { EMPTY_FORM, parseStationForm } = await import('../live/station-form.ts')
      const parsed = parseStationForm({
        ...EMPTY_FORM,
        name: opts.name,
        slug: opts.slug ?? '',
        description: opts.description ?? '',
        timeZone: opts.timeZone,
        streams: opts.stream.join('\n'),
        statusUrl: opts.statusUrl ?? '',
        schedule,
      })
      if (parsed.problems.length) throw new UsageError(parsed.problems.map((p) => p.message).join('\nerror: '))
      await execute('station add', { fields: parsed.fields, scheduleLines: parsed.scheduleLines, streamLines: parsed.streamLines })
    })
  station
    .command('list')
    .description('List the stations')
    .action(() => execute('station list', {}))
  station
    .command('remove')
    .description('Remove a station')
    .argument('<slug>', 'the station’s short name')
    .action((slug: string) => execute('station remove', { slug }))

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`)
      return 1
    }
    const { describeError } = await import('./errors.ts')
    io.err(`error: ${describeError(e)}`)
    return 1
  }
}

if (process.argv[1]?.endsWith('bin/dateline.js') || process.argv[1]?.endsWith('/dateline') || process.argv[1] === new URL(import.meta.url).pathname) {
  process.exitCode = await runCli(process.argv.slice(2))
}
