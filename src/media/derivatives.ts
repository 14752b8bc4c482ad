import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import sharp, { type Sharp } from 'sharp'
import { createSlots } from './slots.ts'
import { cropBox, heightAt, type Crop, type Picture, type PictureFormat } from '../web/picture.ts'

/**
 * Derivatives: one crop of an original at one width in one format, made with sharp on first request
 * and kept in a bounded disk cache on this node (and the hottest in memory). Nothing of the
 * original's metadata is written (sharp drops EXIF, IPTC, XMP and ICC unless asked to keep them):
 * no GPS position, no serial number reaches a reader. Jobs run a few at a time, so a burst of new
 * pictures cannot take every core or all the memory; past a queue limit requests get MEDIA_BUSY.
 */

export interface Derivative {
  bytes: Buffer
  /** A strong ETag: a hash of the bytes. */
  etag: string
}

export interface DerivativeSpec {
  picture: Pick<Picture, 'id' | 'key' | 'width' | 'height' | 'focal'>
  crop: Crop
  width: number
  format: PictureFormat
}

/** Encoder settings: good quality for photographs at a fraction of the JPEG's size; AVIF's effort kept low, it is slow. */
function encode(image: Sharp, format: PictureFormat): Sharp {
  if (format === 'avif') return image.avif({ quality: 52, effort: 2, chromaSubsampling: '4:2:0' })
  if (format === 'webp') return image.webp({ quality: 74, effort: 3 })
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true, progressive: true })
}

/** Makes one derivative from the original's bytes. */
export async function makeDerivative(original: Buffer, spec: DerivativeSpec, maxPixels: number): Promise<Buffer> {
  const box = cropBox(spec.picture, spec.crop)
  const height = heightAt(spec.picture, spec.crop, spec.width)
  let image = sharp(original, { autoOrient: true, limitInputPixels: maxPixels, failOn: 'none' })
  if (spec.crop !== 'o') image = image.extract(box)
  image = image.resize(spec.width, height, { fit: 'fill', kernel: 'lanczos3' }).toColourspace('srgb')
  return encode(image, spec.format).toBuffer()
}

export interface DerivativeCacheOptions {
  /** Folder of this node's cache; undefined keeps derivatives in memory only. */
  dir: string | undefined
  maxBytes: number
  /** Memory for the hottest derivatives. */
  memoryBytes?: number
  /** Jobs run at once (default: 2) and waiting (default: 64) before MEDIA_BUSY. */
  concurrency?: number
  queueLimit?: number
  log: Logger
}

const etagOf = (bytes: Buffer) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`

/** The derivative cache: memory, then disk, then a job that makes it (once, however many ask at the same moment). */
export function createDerivativeCache(o: DerivativeCacheOptions) {
  const memory = new LRUCache<string, Derivative>({ maxSize: o.memoryBytes ?? 32 * 1024 * 1024, sizeCalculation: (d) => d.bytes.length + 200 })
  // the disk cache's files, oldest use first (Map keeps insertion order; a hit moves a file to the end)
  const onDisk = new Map<string, number>()
  let diskBytes = 0
  let indexed: Promise<void> | undefined
  const inFlight = new Map<string, Promise<Derivative>>()
  const slots = createSlots({ concurrency: o.concurrency ?? 2, queueLimit: o.queueLimit ?? 64 })

  async function index(): Promise<void> {
    if (!o.dir) return
    const walk = async (dir: string): Promise<void> => {
      let entries: import('node:fs').Dirent[]
      try {
        entries = await fs.readdir(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const e of entries) {
        const full = path.join(dir, e.name)
        if (e.isDirectory()) await walk(full)
        else if (e.name.endsWith('.tmp')) await fs.rm(full, { force: true })
        else {
          const size = (await fs.stat(full).catch(() => undefined))?.size ?? 0
          onDisk.set(path.relative(o.dir!, full), size)
          diskBytes += size
        }
      }
    }
    await walk(o.dir)
  }

  async function evict() {
    for (const [name, size] of onDisk) {
      if (diskBytes <= o.maxBytes) break
      onDisk.delete(name)
      diskBytes -= size
      await fs.rm(path.join(o.dir!, name), { force: true })
    }
  }

  async function readDisk(name: string): Promise<Buffer | undefined> {
    if (!o.dir) return undefined
    await (indexed ??= index())
    if (!onDisk.has(name)) return undefined
    try {
      const bytes = await fs.readFile(path.join(o.dir, name))
      const size = onDisk.get(name)!
      onDisk.delete(name)
      onDisk.set(name, size)
      return bytes
    } catch {
      diskBytes -= onDisk.get(name) ?? 0
      onDisk.delete(name)
      return undefined
    }
  }

  async function writeDisk(name: string, bytes: Buffer) {
    if (!o.dir || bytes.length > o.maxBytes) return
    try {
      await (indexed ??= index())
      const file = path.join(o.dir, name)
      await fs.mkdir(path.dirname(file), { recursive: true })
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`
      await fs.writeFile(tmp, bytes)
      await fs.rename(tmp, file)
      if (!onDisk.has(name)) diskBytes += bytes.length
      onDisk.set(name, bytes.length)
      await evict()
    } catch (err) {
      // a full or read-only disk costs speed, not pictures: the derivative is still served
      o.log.warn({ err, name }, 'could not keep a picture derivative on disk')
    }
  }

  return {
    /** The derivative at `name` (a path made of the picture's id, key, crop, width and format), made by `make` if no cache has it. */
    async get(name: string, make: () => Promise<Buffer>): Promise<Derivative> {
      const hit = memory.get(name)
      if (hit) return hit
      const pending = inFlight.get(name)
      if (pending) return pending
      const p = (async () => {
        const disk = await readDisk(name)
        const bytes = disk ?? (await slots.run(make))
        const d = { bytes, etag: etagOf(bytes) }
        memory.set(name, d)
        if (!disk) await writeDisk(name, bytes)
        return d
      })()
      inFlight.set(name, p)
      try {
        return await p
      } finally {
        inFlight.delete(name)
      }
    },

    /** Runs a sharp job in the same few slots (uploads use them too, so they share the cores). */
    run: slots.run,

    /** Forgets a picture's derivatives in memory (its file or focal point changed: new URLs follow). */
    forget(id: number) {
      for (const key of memory.keys()) if (key.startsWith(`${id}/`)) memory.delete(key)
    },

    stats: () => ({ memoryBytes: memory.calculatedSize, diskBytes, diskFiles: onDisk.size, ...slots.stats() }),
  }
}

export type DerivativeCache = ReturnType<typeof createDerivativeCache>
