import type { Kysely } from 'kysely'
import type { StaffRole } from '../accounts/tables.ts'
import { createStaffService } from '../accounts/staff-service.ts'
import type { DB } from '../db/schema.ts'
import { migrate } from '../db/migrate.ts'
import { createArticleStore } from '../content/article-store.ts'
import { createVersionStore } from '../content/version-store.ts'
import type { EventBus } from '../events.ts'
import { isEmpty, loadDemoContent } from '../demo/load-demo.ts'
import { importTextCapture } from '../importers/import-text.ts'
import { addStation, listStations, removeStation, type StationFields } from '../live/cli.ts'
import { addMedia, type MediaAddArgs } from '../media/cli.ts'
import type { ProgressUpdate } from '../importers/import-report.ts'
import { runExport, runImportDateline, runImportGhost, runImportWordpress, type ExportArgs, type ImportArgs } from './import-commands.ts'

/** Where a command writes: lines for the terminal (or the admin socket that carries them there). */
export interface CommandIO {
  out(line: string): void
  err(line: string): void
  /** Long commands (imports) report progress here: a bar on a terminal, plain lines otherwise. */
  progress?(p: ProgressUpdate): void
}

/** What a command runs with: the database, the app's events (caches and other nodes hear them), the clock. */
export interface CommandContext {
  db: Kysely<DB>
  events: EventBus
  io: CommandIO
  now: () => Date
}

/**
 * The arguments of each command, already checked by the command line (src/cli/main.ts) before
 * anything is opened. They travel as JSON to a running server, so they hold only plain values
 * (file contents are read by the command line, where the user's paths and permissions apply).
 */
export interface CommandArgs {
  'import-text': { text: string; file: string; section?: string | undefined; headline?: string | undefined }
  'user add': { email: string; role: StaffRole; name: string; password?: string | undefined }
  'user reset-password': { email: string; password?: string | undefined }
  migrate: Record<string, never>
  demo: Record<string, never>
  'station add': { fields: StationFields; scheduleLines: number[]; streamLines: number[] }
  'station list': Record<string, never>
  'station remove': { slug: string }
  'verify-history': { articleId?: number | undefined }
  'media add': MediaAddArgs
  'import wordpress': ImportArgs
  'import ghost': ImportArgs
  'import dateline': { file: string }
  export: ExportArgs
}

export type CommandName = keyof CommandArgs

export const COMMAND_NAMES: readonly CommandName[] = [
  'import-text',
  'user add',
  'user reset-password',
  'migrate',
  'demo',
  'station add',
  'station list',
  'station remove',
  'verify-history',
  'media add',
  'import wordpress',
  'import ghost',
  'import dateline',
  'export',
]

type Handler<K extends CommandName> = (ctx: CommandContext, args: CommandArgs[K]) => Promise<number>

/** The commands, runnable in the CLI's own process or inside the running server (admin socket). */
export const COMMANDS: { [K in CommandName]: Handler<K> } = {
  async 'import-text'(ctx, a) {
    const result = await importTextCapture(ctx.db, a.text, { section: a.section, headline: a.headline, now: ctx.now })
    for (const w of result.warnings) ctx.io.err(`warning: ${w}`)
    const article = result.article
    // pages, feeds and other nodes learn of it as of any publication
    await ctx.events.emit(result.created ? 'article.published' : 'article.changed', {
      articleId: article.id,
      sectionId: article.sectionId,
      ...(result.created ? { firstTime: true } : { reason: 'updated' as const }),
    } as never)
    ctx.io.out(
      `${result.created ? 'Imported' : 'Updated'} article ${article.id}: "${article.headline}"${article.headlineNeedsReview ? ' (derived headline: an editor should write one)' : ''}`,
    )
    ctx.io.out(
      `  ${result.capture.body.length} body blocks, ${result.capture.related.length} related headlines, dateline ${result.capture.dateline ? result.capture.dateline.place : 'none'}`,
    )
    return 0
  },

  async 'user add'(ctx, a) {
    const r = await createStaffService({ db: ctx.db, now: ctx.now }).createStaff({ email: a.email, displayName: a.name, role: a.role, password: a.password })
    ctx.io.out(`Created ${r.account.role} ${r.account.email} (account ${r.account.id}).`)
    if (r.generated) ctx.io.out(`Password (shown once): ${r.password}`)
    return 0
  },

  async 'user reset-password'(ctx, a) {
    const r = await createStaffService({ db: ctx.db, now: ctx.now }).resetPassword(a.email, a.password)
    ctx.io.out(`Password reset for ${a.email.toLowerCase()}; every session of the account has ended.`)
    if (r.generated) ctx.io.out(`New password (shown once): ${r.password}`)
    return 0
  },

  async migrate(ctx) {
    const { applied, total } = await migrate(ctx.db)
    ctx.io.out(
      applied.length
        ? `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}.`
        : `The database is up to date (${total} migrations applied).`,
    )
    return 0
  },

  async demo(ctx) {
    if (!(await isEmpty(ctx.db))) {
      ctx.io.err('The database already has articles; demo content is only loaded into an empty database.')
      return 1
    }
    const { articles } = await loadDemoContent(ctx.db, ctx.now())
    await ctx.events.emit('sections.changed', { editionId: 1 })
    ctx.io.out(`Loaded ${articles} demo articles.`)
    return 0
  },

  'station add': (ctx, a) => addStation(ctx, a),
  'station list': (ctx) => listStations(ctx),
  'station remove': (ctx, a) => removeStation(ctx, a.slug),
  'media add': (ctx, a) => addMedia(ctx, a),
  'import wordpress': (ctx, a) => runImportWordpress(ctx, a),
  'import ghost': (ctx, a) => runImportGhost(ctx, a),
  'import dateline': (ctx, a) => runImportDateline(ctx, a),
  export: (ctx, a) => runExport(ctx, a),

  async 'verify-history'(ctx, a) {
    const { articles, versions, problems } = await createVersionStore(ctx.db).verify({ articleId: a.articleId })
    if (problems.length === 0) {
      ctx.io.out(`Checked ${versions} published version${versions === 1 ? '' : 's'} of ${articles} article${articles === 1 ? '' : 's'}: every chain is intact.`)
      return 0
    }
    const headlines = new Map((await createArticleStore(ctx.db).getRefs([...new Set(problems.map((p) => p.articleId))])).map((r) => [r.id, r.headline]))
    for (const p of problems) {
      ctx.io.err(`article ${p.articleId} ("${headlines.get(p.articleId) ?? '?'}")${p.number !== null ? `, version ${p.number}` : ''}: ${p.problem}`)
    }
    ctx.io.err(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${versions} published versions of ${articles} articles: the published record was changed outside Dateline.`,
    )
    return 1
  },
}

/** Runs one command by name (a name from the admin socket is checked here). */
export function runCommand<K extends CommandName>(ctx: CommandContext, name: K, args: CommandArgs[K]): Promise<number> {
  if (!COMMAND_NAMES.includes(name)) throw new Error(`unknown command "${name}"`)
  return (COMMANDS[name] as Handler<K>)(ctx, args)
}
