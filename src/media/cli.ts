import fs from 'node:fs/promises'
import path from 'node:path'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../config.ts'
import type { DB } from '../db/schema.ts'
import { isAppError } from '../errors.ts'
import { createMediaService } from './media-service.ts'

/** What `dateline media add` was given, checked by the command line before anything was opened. */
export interface MediaAddArgs {
  /** Absolute path: the command may run inside the server (admin socket), which reads the file itself. */
  file: string
  alt?: string | undefined
  caption?: string | undefined
  credit?: string | undefined
  copyright?: string | undefined
  licenceExpiresAt?: string | undefined
}

interface MediaCommandContext {
  db: Kysely<DB>
  io: { out(line: string): void; err(line: string): void }
  now: () => Date
}

/** `dateline media add FILE`: stores the picture in the library and prints its id and what the file said. */
export async function addMedia(ctx: MediaCommandContext, a: MediaAddArgs): Promise<number> {
  // the settings of the process the command runs in: the server's, when it runs through the admin socket
  const media = createMediaService({
    db: ctx.db,
    config: loadConfig(),
    log: pino({ level: 'silent' }),
    now: ctx.now,
    invalidator: { invalidate: async () => {} },
  })
  try {
    await fs.access(a.file, fs.constants.R_OK)
  } catch {
    ctx.io.err(`error: ${a.file}: the file cannot be read`)
    return 1
  }
  try {
    // the file is read by parts as it is checked and stored, never whole into memory
    const item = await media.upload({
      file: { path: a.file },
      filename: path.basename(a.file),
      by: null,
      alt: a.alt,
      caption: a.caption,
      credit: a.credit,
      copyright: a.copyright,
      licenceExpiresAt: a.licenceExpiresAt ? new Date(a.licenceExpiresAt) : undefined,
    })
    ctx.io.out(`Added picture ${item.id}: ${item.width} × ${item.height} ${item.mime}, at /media/${item.id}`)
    ctx.io.out(`  caption: ${item.caption || '(none)'}`)
    ctx.io.out(`  credit: ${item.credit || '(none)'}${item.copyright ? `; copyright: ${item.copyright}` : ''}`)
    if (!item.alt) ctx.io.out('  no alt text yet: add it in the newsroom (/newsroom/media) before publishing an article that shows it')
    if (item.stripped.length) ctx.io.out(`  never published: ${item.stripped.join(', ')}`)
    return 0
  } catch (e) {
    if (!isAppError(e)) throw e
    ctx.io.err(`error: ${a.file}: ${e.publicMessage}${e.fields.length ? ` (${e.fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : ''}`)
    return 1
  }
}
