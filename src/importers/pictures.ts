import fs from 'node:fs/promises'
import path from 'node:path'
import type { Block } from '../content/blocks.ts'
import { getImported, setImported, type ImportContext } from './import-core.ts'
import { safeFetch } from './safe-fetch.ts'

/**
 * Brings an export's pictures into the media library: from a local copy of the uploads folder
 * (`--uploads DIR`, matched on the path after /wp-content/uploads/ or /content/images/) or fetched
 * from the export's URLs (SSRF-safe). Each source URL is stored once (import_items), so a re-import
 * reuses it. A picture that cannot be had keeps its original URL in the block and gets a report line.
 */

export interface PictureOptions {
  /** A local copy of the old site's uploads folder. */
  uploadsDir?: string | undefined
  /** Fetch pictures over the network (default true). */
  fetch: boolean
  /** Let fetches reach private and loopback addresses (a test server, an intranet). */
  allowPrivate: boolean
}

const UPLOAD_MARKERS = ['/wp-content/uploads/', '/content/images/', '/uploads/']

/** Where a picture URL's file would be inside a local uploads folder, if it can be told. */
export function localUploadPath(uploadsDir: string, url: string): string | undefined {
  let p: string
  try {
    p = decodeURIComponent(new URL(url, 'http://x.invalid').pathname)
  } catch {
    return undefined
  }
  for (const m of UPLOAD_MARKERS) {
    const i = p.indexOf(m)
    if (i !== -1) {
      const rest = p.slice(i + m.length)
      const full = path.resolve(uploadsDir, rest)
      // never outside the folder given ("../" in an export)
      if (!full.startsWith(path.resolve(uploadsDir) + path.sep)) return undefined
      return full
    }
  }
  return undefined
}

export function createPictureResolver(ctx: ImportContext, o: PictureOptions) {
  const upload = ctx.ports.uploadPicture
  const failed = new Map<string, string>()

  async function mediaIdFor(url: string, alt: string, caption: string, label: string): Promise<number | undefined> {
    if (!upload) return undefined
    const known = await getImported(ctx.db, ctx.source, 'attachment', url.slice(0, 400))
    if (known) {
      const still = await ctx.db.selectFrom('media').select('id').where('id', '=', known.localId).executeTakeFirst()
      if (still) return known.localId
    }
    if (failed.has(url)) return undefined
    let bytes: Buffer | undefined
    let why = ''
    if (o.uploadsDir) {
      const local = localUploadPath(o.uploadsDir, url)
      if (local)
        bytes = await fs.readFile(local).catch((e: NodeJS.ErrnoException) => {
          why = `not in ${o.uploadsDir} (${e.code})`
          return undefined
        })
      else why = 'not under an uploads folder'
    }
    if (!bytes && o.fetch) {
      try {
        bytes = (await safeFetch(url, { allowPrivate: o.allowPrivate })).bytes
      } catch (e) {
        why = `could not be fetched: ${(e as Error).message}`
      }
    } else if (!bytes && !why) why = 'not fetched (--no-fetch)'
    if (!bytes) {
      failed.set(url, why)
      ctx.report.note(`pictures left at their old address (${why.replace(/\(.*\)|: .*/, '').trim()})`, `${label}: ${url.slice(0, 120)}`)
      return undefined
    }
    try {
      const filename = path.basename(new URL(url, 'http://x.invalid').pathname) || 'picture'
      const id = await upload({ bytes, filename, alt: alt.slice(0, 300), caption: caption.slice(0, 500) })
      await setImported(ctx.db, { source: ctx.source, kind: 'attachment', sourceId: url.slice(0, 400), localId: id, hash: '', now: ctx.now() })
      ctx.report.count('pictures', 'created')
      return id
    } catch (e) {
      const message = (e as { publicMessage?: string }).publicMessage ?? (e as Error).message
      failed.set(url, message)
      ctx.report.note('pictures the media library refused (left at their old address)', `${label}: ${url.slice(0, 100)}: ${message}`)
      return undefined
    }
  }

  return {
    /** The body with its pictures in the media library where they could be brought in. */
    async resolve(blocks: Block[], label: string): Promise<Block[]> {
      const out: Block[] = []
      for (const b of blocks) {
        if (b.type !== 'image' || b.mediaId !== undefined || !/^https?:\/\//i.test(b.src)) {
          out.push(b)
          continue
        }
        const id = await mediaIdFor(b.src, b.alt, b.caption ?? '', label)
        out.push(id ? { ...b, src: `/media/${id}`, mediaId: id } : b)
      }
      return out
    },
  }
}
