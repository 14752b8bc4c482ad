import fs from 'node:fs/promises'
import exifr from 'exifr'
import sharp, { type Metadata } from 'sharp'
import { AppError } from '../errors.ts'
import { sourceInput, type UploadSource } from './upload-source.ts'

/**
 * What an upload is, checked before anything is stored: its real type (from its first bytes, not
 * its name), its size in pixels (read from the header, before decoding: a small file that would
 * decode to gigapixels is refused here), a full decode (a damaged or cut-short file is refused),
 * and what its IPTC, XMP and EXIF say about caption, credit and copyright. It also notes what the
 * file gives away that no served copy will (GPS position, camera serial numbers).
 */

export type MediaMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif' | 'image/tiff'

export interface Inspected {
  mime: MediaMime
  /** As shown: EXIF orientation applied. */
  width: number
  height: number
  placeholder: string
  caption: string
  credit: string
  copyright: string
  /** What the original holds that served copies never carry ("GPS position", "camera serial number"). */
  stripped: string[]
}

const EXTENSIONS: Record<MediaMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
  'image/tiff': 'tif',
}

export function extensionOf(mime: string): string {
  return EXTENSIONS[mime as MediaMime] ?? 'bin'
}

const refuse = (message: string) => new AppError('MEDIA_UNSUPPORTED_TYPE', { message })

/** The type the bytes say they are, or an error saying what they are instead. */
export function sniff(bytes: Buffer): MediaMime {
  const ascii = (from: number, to: number) => bytes.subarray(from, to).toString('latin1')
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png'
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image/tiff'
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12)
    if (brand === 'avif' || brand === 'avis') return 'image/avif'
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))
      throw refuse('HEIC pictures cannot be used: export the photo as JPEG (on an iPhone, Settings › Camera › Formats › Most Compatible).')
    throw refuse('That file is a video or other media file, not a picture: upload a JPEG, PNG, WebP, AVIF, GIF or TIFF.')
  }
  if (ascii(0, 5) === '%PDF-') throw refuse('That file is a PDF, not a picture: export the page as a JPEG or PNG.')
  const head = bytes
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head) || /<svg[\s>]/i.test(head))
    throw refuse('SVG drawings are not accepted (they can carry scripts): export the drawing as a PNG.')
  throw refuse('That file is not a picture: upload a JPEG, PNG, WebP, AVIF, GIF or TIFF.')
}

/** One readable string from what exifr gives for a field (a string, a list, a {lang: text} map). */
function text(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(', ')
  if (value instanceof Uint8Array) return ''
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>
    if ('value' in o) return text(o.value)
    const first = Object.values(o)[0]
    return text(first)
  }
  return ''
}

const first = (...values: unknown[]) => values.map(text).find((v) => v !== '') ?? ''
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

const SERIALS = ['SerialNumber', 'BodySerialNumber', 'CameraSerialNumber', 'LensSerialNumber', 'InternalSerialNumber', 'ImageUniqueID']
const OWNERS = ['OwnerName', 'CameraOwnerName']

/** Caption, credit and copyright from IPTC, XMP and EXIF, and what identifying data the file carries. */
export async function readDescriptiveMetadata(bytes: Buffer | string): Promise<Pick<Inspected, 'caption' | 'credit' | 'copyright' | 'stripped'>> {
  let m: Record<string, unknown> = {}
  try {
    m =
      ((await exifr.parse(bytes, {
        tiff: true,
        exif: true,
        gps: true,
        iptc: true,
        xmp: true,
        icc: false,
        ifd1: false,
        interop: false,
        makerNote: false,
        userComment: false,
        mergeOutput: true,
        sanitize: true,
      })) as Record<string, unknown> | undefined) ?? {}
  } catch {
    // metadata is a help, not a requirement: a file whose metadata cannot be read is still a picture
  }
  const stripped: string[] = []
  if (m.GPSLatitude !== undefined || m.GPSLongitude !== undefined || m.latitude !== undefined) stripped.push('GPS position')
  if (SERIALS.some((k) => m[k] !== undefined)) stripped.push('camera serial number')
  if (OWNERS.some((k) => m[k] !== undefined)) stripped.push('camera owner')
  const byline = first(m.Byline, m.creator, m.Artist)
  return {
    caption: clip(first(m.Caption, m.description, m.ImageDescription, m.Headline), 500),
    credit: clip(first(m.Credit, byline ? `Photo: ${byline}` : ''), 200),
    copyright: clip(first(m.CopyrightNotice, m.rights, m.Copyright), 200),
    stripped,
  }
}

export interface InspectLimits {
  /** The most pixels (width × height) a picture may decode to. */
  maxPixels: number
}

/** Checks an upload and reads what the desk needs; throws a catalogue error a person can act on. */
export async function inspectUpload(source: UploadSource, limits: InspectLimits): Promise<Inspected> {
  const head = await firstBytes(source, 4096)
  if (head.length === 0) throw refuse('That file is empty.')
  const mime = sniff(head)
  const input = sourceInput(source)
  let meta: Metadata
  try {
    // the header only: nothing is decoded yet
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch (e) {
    throw new AppError('MEDIA_UNREADABLE', { message: 'That picture could not be read: the file is damaged or not what its name says.', cause: e })
  }
  if ((meta.pages ?? 1) > 1 && (mime === 'image/gif' || mime === 'image/webp'))
    throw new AppError('MEDIA_UNREADABLE', {
      message: 'Animated pictures are not accepted: upload a still (a JPEG or PNG), or embed the animation as a video.',
    })
  const pixels = meta.width * meta.height
  if (!(pixels > 0) || pixels > limits.maxPixels)
    throw new AppError('MEDIA_UNREADABLE', {
      message: `That picture is ${meta.width} × ${meta.height} pixels (${Math.round(pixels / 1e6)} megapixels): the most accepted is ${Math.round(limits.maxPixels / 1e6)} megapixels.`,
    })
  let placeholder: Buffer
  try {
    // decodes every pixel (at a reduced scale where the format allows: a JPEG at an eighth, so a
    // 24-megapixel photo costs about a megabyte), top to bottom, so a file cut short fails here
    placeholder = await sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'error', autoOrient: true, sequentialRead: true })
      .resize(20, 20, { fit: 'inside' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .webp({ quality: 40, effort: 2 })
      .toBuffer()
  } catch (e) {
    throw new AppError('MEDIA_UNREADABLE', { message: 'That picture could not be read to the end: the file is damaged or was cut short.', cause: e })
  }
  const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height }
  return {
    mime,
    width: oriented.width,
    height: oriented.height,
    placeholder: `data:image/webp;base64,${placeholder.toString('base64')}`,
    ...(await readDescriptiveMetadata(input)),
  }
}

/** The first `n` bytes of a source (its type is in them). */
async function firstBytes(source: UploadSource, n: number): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source.subarray(0, n)
  const handle = await fs.open(source.path, 'r')
  try {
    const buffer = Buffer.alloc(n)
    const { bytesRead } = await handle.read(buffer, 0, n, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
