import pino from 'pino'
import { loadConfig } from '../config.ts'
import { createCommentStore } from '../discussion/comment-store.ts'
import { editionIdOf, type ImportContext, type ImportPorts } from '../importers/import-core.ts'
import { ImportReport, progressMeter } from '../importers/import-report.ts'
import { importWordpress } from '../importers/wordpress-import.ts'
import { importGhost } from '../importers/ghost-import.ts'
import { createMediaService } from '../media/media-service.ts'
import type { CommandContext } from './commands.ts'

/** What `dateline import wordpress|ghost` was given, checked by the command line. */
export interface ImportArgs {
  /** Absolute path: the command may run inside the server (admin socket), which reads the file itself. */
  file: string
  edition?: string | undefined
  uploadsDir?: string | undefined
  fetch: boolean
  allowPrivate: boolean
}

/** The importers' ports onto the media library and the discussion, in the process the command runs in. */
export function importPorts(ctx: CommandContext): ImportPorts {
  const media = createMediaService({
    db: ctx.db,
    config: loadConfig(),
    log: pino({ level: 'silent' }),
    now: ctx.now,
    invalidator: { invalidate: async () => {} },
  })
  return {
    uploadPicture: async (p) => (await media.upload({ bytes: p.bytes, filename: p.filename, by: null, alt: p.alt, caption: p.caption })).id,
    comments: (trx) => {
      const store = createCommentStore(trx)
      return {
        createComment: (c) => store.createComment(c),
        adjustCount: (articleId, delta, now) => store.adjustCount(articleId, delta, now),
        adjustReplyCount: (parentId, delta) => store.adjustReplyCount(parentId, delta),
      }
    },
  }
}

async function baseContext(ctx: CommandContext, edition: string | undefined): Promise<Omit<ImportContext, 'source'>> {
  const report = new ImportReport()
  const editionId = edition
    ? await editionIdOf(ctx.db, edition)
    : ((await ctx.db.selectFrom('editions').select('id').orderBy('is_default', 'desc').orderBy('id').executeTakeFirst())?.id ?? 1)
  return { db: ctx.db, now: ctx.now, editionId, ports: importPorts(ctx), report, progress: progressMeter(ctx.io.progress, report) }
}

/** Prints the report; exit code 0 when everything came in, 2 when some items were skipped or the file stopped early. */
export async function finishImport(ctx: CommandContext, done: ImportContext, what: string, started: number): Promise<number> {
  const p = done.progress.finish()
  await ctx.events.emit('sections.changed', { editionId: done.editionId })
  const seconds = (Date.now() - started) / 1000
  ctx.io.out(`Imported ${what} in ${seconds.toFixed(1)} s (${p.done} items, ${p.rate}/s):`)
  for (const line of done.report.lines()) ctx.io.out(line)
  return done.report.skippedCount || done.report.fatal ? 2 : 0
}

export async function runImportWordpress(ctx: CommandContext, a: ImportArgs): Promise<number> {
  const started = Date.now()
  const base = await baseContext(ctx, a.edition)
  const done = await importWordpress(base, { file: a.file, uploadsDir: a.uploadsDir, fetch: a.fetch, allowPrivate: a.allowPrivate })
  return finishImport(ctx, done, `the WordPress export ${a.file}`, started)
}

export async function runImportGhost(ctx: CommandContext, a: ImportArgs): Promise<number> {
  const started = Date.now()
  const base = await baseContext(ctx, a.edition)
  const done = await importGhost(base, { file: a.file, uploadsDir: a.uploadsDir, fetch: a.fetch, allowPrivate: a.allowPrivate })
  return finishImport(ctx, done, `the Ghost export ${a.file}`, started)
}
