import { html, type SafeHtml } from './html.ts'

/**
 * Pictures from the media library as pages show them: the derivative URLs (an immutable address
 * for each crop, width and format) and the <picture> markup with srcset, sizes, width and height.
 * The media module serves these URLs and resolves pictures; every page that shows one builds its
 * markup here, so the URL scheme lives in one place.
 *
 *   /media/{id}/{key}/{crop}-{width}.{format}     e.g. /media/12/3fa9c2b1d4e5f607-50x40/16x9-800.avif
 *
 * `key` is the start of the original's sha256 and the focal point: replacing the file or moving
 * the focal point gives every derivative a new URL, so each URL can be cached for a year.
 */

/** A picture of the library, ready to show (its licence checked). */
export interface Picture {
  id: number
  key: string
  /** The original's size as shown (EXIF orientation applied). */
  width: number
  height: number
  /** Where crops centre: fractions of the width and height. */
  focal: { x: number; y: number }
  /** A tiny blurred preview (a data: URI) shown while the picture loads; may be empty. */
  placeholder: string
  alt: string
  caption: string
  credit: string
  copyright: string
}

/** Resolves pictures by id; those missing, deleted or past their licence are left out. */
export interface PictureLookup {
  pictures(ids: number[]): Promise<Map<number, Picture>>
}

/** Crops: the original's own shape, and the three Google asks for (16:9, 4:3, 1:1). */
export const CROPS = { o: 0, '16x9': 16 / 9, '4x3': 4 / 3, '1x1': 1 } as const
export type Crop = keyof typeof CROPS

/** Widths derivatives are made at (and the original's own width, when narrower than the largest). */
export const LADDER = [320, 480, 640, 800, 1024, 1200, 1600, 2000] as const

export const FORMATS = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as const
export type PictureFormat = keyof typeof FORMATS

/** The key of a picture's URLs: the original's hash and the focal point (in percent). */
export function pictureKey(sha256: string, focal: { x: number; y: number }): string {
  return `${sha256.slice(0, 16)}-${Math.round(focal.x * 100)}x${Math.round(focal.y * 100)}`
}

/** The region of the original a crop takes, centred on the focal point as far as the edges allow. */
export function cropBox(p: Pick<Picture, 'width' | 'height' | 'focal'>, crop: Crop): { left: number; top: number; width: number; height: number } {
  const ratio = CROPS[crop]
  if (ratio === 0) return { left: 0, top: 0, width: p.width, height: p.height }
  let width = p.width
  let height = Math.round(p.width / ratio)
  if (height > p.height) {
    height = p.height
    width = Math.min(p.width, Math.round(p.height * ratio))
  }
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v))
  return {
    left: clamp(Math.round(p.focal.x * p.width - width / 2), p.width - width),
    top: clamp(Math.round(p.focal.y * p.height - height / 2), p.height - height),
    width,
    height,
  }
}

/** The widths a crop is offered at: the ladder up to the crop's own width, and that width when it is narrower than 2000. */
export function widthsFor(p: Pick<Picture, 'width' | 'height' | 'focal'>, crop: Crop): number[] {
  const full = cropBox(p, crop).width
  const widths: number[] = LADDER.filter((w) => w <= full)
  if (full < LADDER[LADDER.length - 1]! && !widths.includes(full)) widths.push(full)
  return widths
}

/** The height of a crop at a width. */
export function heightAt(p: Pick<Picture, 'width' | 'height' | 'focal'>, crop: Crop, width: number): number {
  const box = cropBox(p, crop)
  return Math.max(1, Math.round((width * box.height) / box.width))
}

/** A derivative's path (site-relative). */
export function pictureUrl(p: Pick<Picture, 'id' | 'key'>, crop: Crop, width: number, format: PictureFormat): string {
  return `/media/${p.id}/${p.key}/${crop}-${width}.${format}`
}

/** The JPEG of a crop at the ladder width nearest to `want` (og:image, feeds, JSON-LD): its path and size. */
export function pictureAt(p: Picture, crop: Crop, want: number): { url: string; width: number; height: number; type: string } {
  const widths = widthsFor(p, crop)
  const width = widths.find((w) => w >= want) ?? widths[widths.length - 1]!
  return { url: pictureUrl(p, crop, width, 'jpg'), width, height: heightAt(p, crop, width), type: FORMATS.jpg }
}

export interface PictureOptions {
  crop?: Crop
  /** The `sizes` attribute: how wide the picture is drawn at each viewport width. */
  sizes: string
  /** Above the fold: load at once, at high priority (the lead picture). */
  priority?: boolean
  /** Overrides the picture's own alt text (an article's block may describe it in context). */
  alt?: string
  className?: string
}

/**
 * A <picture> with AVIF, WebP and JPEG sources at every width, width and height on the <img> (so
 * the page does not move as it loads), lazy loading unless it is the lead, and the blurred preview
 * behind it until it arrives.
 */
export function pictureHtml(p: Picture, o: PictureOptions): SafeHtml {
  const crop = o.crop ?? 'o'
  const widths = widthsFor(p, crop)
  const srcset = (format: PictureFormat) => widths.map((w) => `${pictureUrl(p, crop, w, format)} ${w}w`).join(', ')
  const fallback = widths.find((w) => w >= 800) ?? widths[widths.length - 1]!
  const box = cropBox(p, crop)
  const alt = o.alt ?? p.alt
  return html`<span class="pic${o.className ? ` ${o.className}` : ''}">${p.placeholder ? html`<img class="pic__ph" src="${p.placeholder}" alt="" aria-hidden="true" width="${box.width}" height="${box.height}">` : ''}<picture><source type="image/avif" srcset="${srcset('avif')}" sizes="${o.sizes}"><source type="image/webp" srcset="${srcset('webp')}" sizes="${o.sizes}"><img class="pic__img" src="${pictureUrl(p, crop, fallback, 'jpg')}" srcset="${srcset('jpg')}" sizes="${o.sizes}" width="${box.width}" height="${box.height}" alt="${alt}"${o.priority ? html` fetchpriority="high" decoding="async"` : html` loading="lazy" decoding="async"`}></picture></span>`
}

/** "Photo: Ana Ruiz / Dateline" from what the desk recorded; empty when nothing is. */
export function creditLine(credit: string, copyright: string): string {
  const c = credit.trim()
  const raw = copyright.trim()
  // "(C) 2026 Jane Doe", "Copyright © Jane Doe", "©2026 Jane Doe": one "©", then year and holder
  const notice = /^(?:copyright\b\s*)?(?:\(c\)|©)?\s*(.*)$/iu.exec(raw)?.[1]?.trim() ?? raw
  const year = /^(\d{4}(?:\s*[-–]\s*\d{4})?)\b[\s,]*/u.exec(notice)
  const holder = (year ? notice.slice(year[0].length) : notice).trim()
  const r = notice ? `© ${notice}` : ''
  if (!c) return r
  if (!r || c.includes(raw)) return c
  if (r.includes(c)) return r
  // the credit already names the holder: add the year only ("Photo: Jane Doe, © 2026")
  if (holder && c.toLocaleLowerCase().includes(holder.toLocaleLowerCase())) return year ? `${c}, © ${year[1]}` : c
  return `${c} · ${r}`
}
