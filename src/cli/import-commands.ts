import pino from 'pino'
import { loadConfig } from '../config.ts'
import { applyCounts } from '../discussion/transition.ts'
import { createCommentStore } from '../discussion/comment-store.ts'
import { editionIdOf, type ImportContext, type ImportPorts } from '../importers/import-core.ts'
import { ImportReport, progressMeter } from '../importers/import-report.ts'
import { importWordpress } from '../importers/wordpress-import.ts'
import { importGhost } from '../importers/ghost-import.ts'
import { exportSite } from '../importers/dateline-export.ts'
import { DatelineImportError, importDateline } from '../importers/dateline-import.ts'
import { exportWxr } from '../importers/wxr-export.ts'
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
    uploadPicture: async (p) => (await media.upload({ file: p.bytes, filename: p.filename, by: null, alt: p.alt, caption: p.caption })).id,
    comments: (trx) => {
      const store = createCommentStore(trx)
      return {
        createComment: (c) => store.createComment(c),
        adjustCount: (articleId, delta, now) => store.adjustCount(articleId, delta, now),
        adjustReplyCount: (parentId, delta) => store.adjustReplyCount(parentId, delta),
        async updateImportedComment(id, patch, now) {
          const c = await store.getComment(id)
          if (!c || (c.status !== 'approved' && c.status !== 'pending')) return 'kept'
          if (c.body === patch.body && c.status === patch.status) return 'same'
          await store.updateComment(id, {
            body: patch.body,
            status: patch.status,
            ...(c.body !== patch.body ? { editedAt: now } : {}),
            ...(c.status !== patch.status ? { statusChangedAt: now } : {}),
          })
          await applyCounts(trx, c, c.status, patch.status, now)
          return 'updated'
        },
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

/** What `dateline export` was given. */
export interface ExportArgs {
  /** Absolute path of a file that must not exist yet. */
  output: string
  format: 'json' | 'wxr'
}

export async function runExport(ctx: CommandContext, a: ExportArgs): Promise<number> {
  const started = Date.now()
  if (a.format === 'wxr') {
    const config = loadConfig()
    const n = await exportWxr(ctx.db, a.output, {
      siteUrl: config.siteUrl ? config.siteUrl.toString().replace(/\/+$/, '') : 'http://localhost',
      title: 'Dateline',
    })
    ctx.io.out(`Wrote ${n} articles as a WordPress export (WXR 1.2) to ${a.output} in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
    return 0
  }
  const counts = await exportSite(ctx.db, a.output)
  const total = [...counts.values()].reduce((x, y) => x + y, 0)
  ctx.io.out(`Wrote ${total} rows to ${a.output} in ${((Date.now() - started) / 1000).toFixed(1)} s (no password hashes, sessions or API tokens):`)
  for (const [table, n] of counts) if (n) ctx.io.out(`  ${table}: ${n}`)
  return 0
}

export async function runImportDateline(ctx: CommandContext, a: { file: string }): Promise<number> {
  try {
    const counts = await importDateline(ctx.db, a.file)
    await ctx.events.emit('sections.changed', { editionId: 1 })
    const total = [...counts.values()].reduce((x, y) => x + y, 0)
    ctx.io.out(`Read ${total} rows from ${a.file}. Accounts have no passwords: set them with \`dateline user reset-password\`.`)
    for (const [table, n] of counts) ctx.io.out(`  ${table}: ${n}`)
    return 0
  } catch (e) {
    if (!(e instanceof DatelineImportError)) throw e
    ctx.io.err(`error: ${a.file}: ${e.message}; nothing was imported`)
    return 1
  }
}
