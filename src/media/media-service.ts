import type { Kysely } from 'kysely'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import { recordAudit } from '../accounts/audit.ts'
import type { CacheInvalidator } from '../cache/invalidation.ts'
import type { Config } from '../config.ts'
import { articlesShowingMedia, findMediaUses, type MediaUse } from '../content/media-uses.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { CROPS, FORMATS, pictureKey, pictureUrl, widthsFor, type Crop, type Picture, type PictureFormat } from '../web/picture.ts'
import { createDerivativeCache, makeDerivative, type Derivative } from './derivatives.ts'
import { inspectUpload } from './inspect.ts'
import { createMediaStore, type MediaRow } from './media-store.ts'
import { databaseStore, diskStore, type OriginalStore } from './original-store.ts'
import { s3Store } from './s3-store.ts'
import { createSlots } from './slots.ts'
import type { OriginalStoreKind } from './tables.ts'
import { sourceFacts, type SourceFacts, type UploadSource } from './upload-source.ts'

/** How long before a licence expires the desk is warned. */
export const LICENCE_WARNING_DAYS = 14

export type LicenceState = 'none' | 'ok' | 'expiring' | 'expired'

/** A picture as the newsroom and the admin API see it. */
export interface MediaItem {
  id: number
  /** The stable address of the picture (it redirects to the current file's 1,200 px JPEG). */
  url: string
  /** A small preview (320 px JPEG). */
  previewUrl: string
  width: number
  height: number
  mime: string
  bytes: number
  filename: string
  alt: string
  caption: string
  credit: string
  copyright: string
  focal: { x: number; y: number }
  licenceExpiresAt: Date | null
  licence: LicenceState
  /** Identifying data the original carries that no served copy does. */
  stripped: string[]
  uploadedBy: string | null
  uploadedAt: Date
  updatedAt: Date
  replacedAt: Date | null
}

/** What the desk may say about a picture (on upload, and when editing it). */
export interface MediaFields {
  alt?: string | undefined
  caption?: string | undefined
  credit?: string | undefined
  copyright?: string | undefined
  focal?: { x: number; y: number } | undefined
  licenceExpiresAt?: Date | null | undefined
}

export interface MediaServiceDeps {
  db: Kysely<DB>
  config: Config
  log: Logger
  now: () => Date
  invalidator: Pick<CacheInvalidator, 'invalidate'>
}

/** Uploads checked and stored at once; the rest wait their turn (as files on disk, costing no memory). */
export const UPLOADS_AT_ONCE = 2
/** Uploads that may wait before new ones are told to try again (MEDIA_BUSY). */
export const UPLOADS_WAITING = 64

/** A new file for a picture: its bytes, and their size and sha256 when the caller already counted them while receiving. */
export interface UploadFile {
  file: UploadSource
  facts?: SourceFacts | undefined
  filename?: string | undefined
  by: number | null
}

const LIMITS = { alt: 300, caption: 500, credit: 200, copyright: 200, filename: 200 }

/** A file name as the desk sees it: no folders, no control or bidi-override characters, no markup, at most 200 characters; any script kept. */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  return (
    base
      // control characters, markup, and the bidi controls that could show "photo\u202Egpj.exe" as "photoexe.jpg"
      .replace(/[\u0000-\u001f\u007f<>"'`\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/^\.+/, '')
      .trim()
      .slice(0, LIMITS.filename)
  )
}

function checkFields(f: MediaFields) {
  const problems: { field: string; message: string }[] = []
  for (const k of ['alt', 'caption', 'credit', 'copyright'] as const) {
    const v = f[k]
    if (v !== undefined && v.length > LIMITS[k]) problems.push({ field: k, message: `At most ${LIMITS[k]} characters.` })
  }
  if (f.focal && !(f.focal.x >= 0 && f.focal.x <= 1 && f.focal.y >= 0 && f.focal.y <= 1))
    problems.push({ field: 'focal', message: 'The focal point is given as fractions of the width and height, from 0 to 1.' })
  if (f.licenceExpiresAt && Number.isNaN(f.licenceExpiresAt.getTime())) problems.push({ field: 'licenceExpiresAt', message: 'Give a date.' })
  if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The picture was not saved: some fields need attention.', fields: problems })
}

const tidy = (s: string | undefined) => (s === undefined ? undefined : s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim())

/** The media library: uploads, replacements, details, where pictures are used, and the pictures pages show. */
export function createMediaService(deps: MediaServiceDeps) {
  const { db, config, log } = deps
  const store = createMediaStore(db)
  const stores: Record<OriginalStoreKind, OriginalStore | undefined> = {
    database: databaseStore(),
    disk: diskStore(config.mediaDir),
    s3: config.s3 ? s3Store(config.s3) : undefined,
  }
  const writeStore = stores[config.mediaStore]!
  const uploads = createSlots({ concurrency: UPLOADS_AT_ONCE, queueLimit: UPLOADS_WAITING })
  const maxPixels = config.mediaMaxMegapixels * 1_000_000
  const derivatives = createDerivativeCache({
    dir: config.mediaCacheDir,
    maxBytes: config.mediaCacheMb * 1024 * 1024,
    log,
    concurrency: 2,
  })
  // rows of pictures pages show, for a little while (any node's change to a picture drops its row here)
  const rows = new LRUCache<number, { row: MediaRow | null }>({ max: 5000, ttl: 60_000 })

  const licenceOf = (r: Pick<MediaRow, 'licence_expires_at'>, now = deps.now()): LicenceState => {
    const at = r.licence_expires_at
    if (!at) return 'none'
    if (at.getTime() <= now.getTime()) return 'expired'
    return at.getTime() - now.getTime() <= LICENCE_WARNING_DAYS * 86_400_000 ? 'expiring' : 'ok'
  }

  const toPicture = (r: MediaRow): Picture => {
    const focal = { x: r.focal_x, y: r.focal_y }
    return {
      id: r.id,
      key: pictureKey(r.sha256, focal),
      width: r.width,
      height: r.height,
      focal,
      placeholder: r.placeholder,
      alt: r.alt,
      caption: r.caption,
      credit: r.credit,
      copyright: r.copyright,
    }
  }

  const toItem = (r: MediaRow): MediaItem => {
    const p = toPicture(r)
    const preview = widthsFor(p, 'o')[0]!
    return {
      id: r.id,
      url: `/media/${r.id}`,
      previewUrl: pictureUrl(p, 'o', preview, 'jpg'),
      width: r.width,
      height: r.height,
      mime: r.mime,
      bytes: r.bytes,
      filename: r.filename,
      alt: r.alt,
      caption: r.caption,
      credit: r.credit,
      copyright: r.copyright,
      focal: p.focal,
      licenceExpiresAt: r.licence_expires_at,
      licence: licenceOf(r),
      stripped: r.stripped,
      uploadedBy: r.uploader_name,
      uploadedAt: r.uploaded_at,
      updatedAt: r.updated_at,
      replacedAt: r.replaced_at,
    }
  }

  async function row(id: number): Promise<MediaRow | undefined> {
    const hit = rows.get(id)
    if (hit) return hit.row ?? undefined
    const r = await store.getMedia(id)
    rows.set(id, { row: r ?? null })
    return r
  }

  /** Drops every node's cached pages and rows that show these pictures. */
  async function changed(ids: number[]) {
    const articles = await articlesShowingMedia(db, ids)
    for (const id of ids) {
      rows.delete(id)
      derivatives.forget(id)
    }
    await deps.invalidator.invalidate([...ids.map((id) => `media:${id}`), ...articles.map((id) => `article:${id}`)])
  }

  /** Checks the file (in the sharp job slots), then returns what to store. */
  async function prepare(u: UploadFile) {
    const facts = u.facts ?? (await sourceFacts(u.file))
    if (facts.size > config.mediaMaxUploadMb * 1024 * 1024)
      throw new AppError('MEDIA_TOO_LARGE', {
        message: `That file is ${(facts.size / 1048576).toFixed(1)} MB: the most accepted is ${config.mediaMaxUploadMb} MB.`,
      })
    const inspected = await derivatives.run(() => inspectUpload(u.file, { maxPixels }))
    return { inspected, ...facts }
  }

  /** Stores the original and runs `record` in one transaction; a file written outside the database is removed again if the transaction fails. */
  async function storeThen<T>(facts: SourceFacts, file: UploadSource, record: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    const { sha256, size } = facts
    const outside = writeStore.kind !== 'database'
    if (outside) await writeStore.put(db, sha256, file, size)
    try {
      return await db.transaction().execute(async (trx) => {
        if (!outside) await writeStore.put(trx, sha256, file, size)
        return record(trx as unknown as Kysely<DB>)
      })
    } catch (e) {
      if (outside && !(await store.originalInUse(sha256).catch(() => true))) await writeStore.remove(db, sha256).catch(() => {})
      throw e
    }
  }

  /** Forgets an original nobody uses any more. */
  async function dropOriginal(sha256: string, kind: OriginalStoreKind) {
    if (await store.originalInUse(sha256)) return
    await stores[kind]?.remove(db, sha256)
  }

  const service = {
    /** Adds a picture; what the desk typed wins over what the file's metadata says. */
    async upload(o: UploadFile & MediaFields): Promise<MediaItem> {
      const fields = {
        alt: tidy(o.alt),
        caption: tidy(o.caption),
        credit: tidy(o.credit),
        copyright: tidy(o.copyright),
        focal: o.focal,
        licenceExpiresAt: o.licenceExpiresAt,
      }
      checkFields(fields)
      const id = await uploads.run(async () => {
        const { inspected: i, sha256, size } = await prepare(o)
        const now = deps.now()
        return storeThen({ sha256, size }, o.file, async (trx) => {
          const created = await createMediaStore(trx).createMedia({
            sha256,
            store: writeStore.kind,
            mime: i.mime,
            bytes: size,
            width: i.width,
            height: i.height,
            filename: cleanFilename(o.filename),
            alt: fields.alt ?? '',
            caption: fields.caption || i.caption,
            credit: fields.credit || i.credit,
            copyright: fields.copyright || i.copyright,
            focal_x: fields.focal?.x ?? 0.5,
            focal_y: fields.focal?.y ?? 0.5,
            placeholder: i.placeholder,
            licence_expires_at: fields.licenceExpiresAt ?? null,
            stripped: i.stripped,
            uploaded_by: o.by,
            uploaded_at: now,
            updated_at: now,
          })
          if (o.by !== null)
            await recordAudit(trx, {
              actorId: o.by,
              action: 'media.upload',
              subjectType: 'media',
              subjectId: created,
              detail: { sha256, bytes: size },
              at: now,
            })
          return created
        })
      })
      return toItem((await store.getMedia(id))!)
    },

    /** Replaces the file behind a picture everywhere it is used (same id; new URLs, so no cache shows the old one). */
    async replace(id: number, o: UploadFile): Promise<MediaItem> {
      const before = await store.getMedia(id)
      if (!before) throw new AppError('MEDIA_NOT_FOUND')
      const sha256 = await uploads.run(async () => {
        const { inspected: i, sha256, size } = await prepare(o)
        const now = deps.now()
        await storeThen({ sha256, size }, o.file, async (trx) => {
          await createMediaStore(trx).updateMedia(id, {
            sha256,
            store: writeStore.kind,
            mime: i.mime,
            bytes: size,
            width: i.width,
            height: i.height,
            filename: cleanFilename(o.filename) || before.filename,
            placeholder: i.placeholder,
            stripped: i.stripped,
            // what the desk wrote stays; empty fields take what the new file says
            caption: before.caption || i.caption,
            credit: before.credit || i.credit,
            copyright: before.copyright || i.copyright,
            updated_at: now,
            replaced_at: now,
          })
          if (o.by !== null)
            await recordAudit(trx, {
              actorId: o.by,
              action: 'media.replace',
              subjectType: 'media',
              subjectId: id,
              detail: { from: before.sha256, to: sha256 },
              at: now,
            })
        })
        return sha256
      })
      if (before.sha256 !== sha256) await dropOriginal(before.sha256, before.store).catch((err) => log.warn({ err }, 'could not remove a replaced original'))
      await changed([id])
      return toItem((await store.getMedia(id))!)
    },

    /** Changes what the desk says about a picture (alt, caption, credit, copyright, focal point, licence). */
    async update(id: number, f: MediaFields, by: number | null): Promise<MediaItem> {
      const fields = { ...f, alt: tidy(f.alt), caption: tidy(f.caption), credit: tidy(f.credit), copyright: tidy(f.copyright) }
      checkFields(fields)
      const patch: Record<string, unknown> = { updated_at: deps.now() }
      for (const k of ['alt', 'caption', 'credit', 'copyright'] as const) if (fields[k] !== undefined) patch[k] = fields[k]
      if (fields.focal) {
        patch.focal_x = fields.focal.x
        patch.focal_y = fields.focal.y
      }
      if (fields.licenceExpiresAt !== undefined) patch.licence_expires_at = fields.licenceExpiresAt
      const found = await db.transaction().execute(async (trx) => {
        const ok = await createMediaStore(trx).updateMedia(id, patch)
        if (ok && by !== null)
          await recordAudit(trx, {
            actorId: by,
            action: 'media.update',
            subjectType: 'media',
            subjectId: id,
            detail: { fields: Object.keys(patch) },
            at: deps.now(),
          })
        return ok
      })
      if (!found) throw new AppError('MEDIA_NOT_FOUND')
      await changed([id])
      return toItem((await store.getMedia(id))!)
    },

    /** Deletes a picture no article uses (its text, a working copy or a published version). */
    async remove(id: number, by: number | null): Promise<void> {
      const r = await store.getMedia(id)
      if (!r) throw new AppError('MEDIA_NOT_FOUND')
      const uses = await findMediaUses(db, id)
      if (uses.length)
        throw new AppError('MEDIA_IN_USE', {
          message: `That picture is used in ${uses.length === 1 ? 'an article' : `${uses.length} articles`} (${uses
            .slice(0, 3)
            .map((u) => `"${u.headline}"`)
            .join(', ')}${uses.length > 3 ? '…' : ''}); published versions keep showing it, so it cannot be deleted.`,
        })
      await db.transaction().execute(async (trx) => {
        await createMediaStore(trx).deleteMedia(id)
        if (by !== null)
          await recordAudit(trx, { actorId: by, action: 'media.delete', subjectType: 'media', subjectId: id, detail: { sha256: r.sha256 }, at: deps.now() })
      })
      await dropOriginal(r.sha256, r.store).catch((err) => log.warn({ err }, 'could not remove a deleted original'))
      await changed([id])
    },

    async get(id: number): Promise<MediaItem | undefined> {
      const r = await store.getMedia(id)
      return r && toItem(r)
    },

    async list(q: { text?: string | undefined; licence?: 'expiring' | 'expired' | undefined; limit?: number; offset?: number }): Promise<MediaItem[]> {
      const now = deps.now()
      const found = await store.findMedia({
        text: q.text?.trim() || undefined,
        licence: q.licence,
        now,
        warnUntil: new Date(now.getTime() + LICENCE_WARNING_DAYS * 86_400_000),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      })
      return found.map(toItem)
    },

    /** How many pictures' licences have passed, and how many pass within the warning period. */
    licenceWarnings() {
      const now = deps.now()
      return store.countLicenceWarnings(now, new Date(now.getTime() + LICENCE_WARNING_DAYS * 86_400_000))
    },

    uses: (id: number): Promise<MediaUse[]> => findMediaUses(db, id),

    /** The pictures pages may show: those missing or past their licence are left out. */
    async pictures(ids: number[]): Promise<Map<number, Picture>> {
      const out = new Map<number, Picture>()
      const wanted = [...new Set(ids)]
      const missing = wanted.filter((id) => !rows.has(id))
      if (missing.length) {
        const found = await store.getMediaMany(missing)
        for (const id of missing) rows.set(id, { row: found.find((r) => r.id === id) ?? null })
      }
      const now = deps.now()
      for (const id of wanted) {
        const r = rows.get(id)?.row
        if (r && licenceOf(r, now) !== 'expired') out.set(id, toPicture(r))
      }
      return out
    },

    /** The current picture of an id for public URLs (undefined: no such picture; expired: its licence has passed). */
    async publicPicture(id: number): Promise<{ picture: Picture; expiresAt: Date | null } | undefined> {
      const r = await row(id)
      if (!r) return undefined
      if (licenceOf(r) === 'expired') throw new AppError('MEDIA_EXPIRED')
      return { picture: toPicture(r), expiresAt: r.licence_expires_at }
    },

    /** One derivative of a picture (made on first request, then cached on this node). */
    async derivative(picture: Picture, crop: Crop, width: number, format: PictureFormat): Promise<Derivative> {
      if (!(crop in CROPS) || !(format in FORMATS) || !widthsFor(picture, crop).includes(width)) throw new AppError('MEDIA_NOT_FOUND')
      const name = `${picture.id}/${picture.key}/${crop}-${width}.${format}`
      return derivatives.get(name, async () => {
        const r = await row(picture.id)
        if (!r) throw new AppError('MEDIA_NOT_FOUND')
        const original = await stores[r.store]?.get(db, r.sha256)
        if (!original) {
          log.error({ mediaId: r.id, store: r.store }, 'the original of a picture is missing from its store')
          throw new AppError('MEDIA_NOT_FOUND')
        }
        return makeDerivative(original, { picture, crop, width, format }, maxPixels)
      })
    },

    /**
     * Pages that show pictures whose licence ended after `since` (and by now) are dropped from every
     * node's caches, so readers stop seeing them at once rather than when a cached page ages out.
     * Returns the pictures' ids.
     */
    async endLicences(since: Date): Promise<number[]> {
      const ids = await store.findLicencesEnded(since, deps.now())
      if (ids.length) await changed(ids)
      return ids
    },

    /** Drops cached rows when any node says a picture changed. */
    onInvalidate(tags: string[]) {
      if (tags.includes('*')) rows.clear()
      for (const t of tags) if (t.startsWith('media:')) rows.delete(Number(t.slice(6)))
    },

    stats: () => derivatives.stats(),
  }
  return service
}

export type MediaService = ReturnType<typeof createMediaService>
