import { isSafeHref, type Block } from './blocks.ts'

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
}

/** The body's first image, with an absolute URL, or undefined. */
export function leadImage(body: Block[], siteUrl: string): { url: string; alt: string; caption?: string; credit?: string; type?: string } | undefined {
  for (const b of body) {
    if (b.type !== 'image' || !isSafeHref(b.src)) continue
    let url: string
    try {
      url = new URL(b.src, `${siteUrl}/`).href
    } catch {
      continue
    }
    if (!/^https?:/i.test(url)) continue
    const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? ''
    return {
      url,
      alt: b.alt,
      ...(b.caption ? { caption: b.caption } : {}),
      ...(b.credit ? { credit: b.credit } : {}),
      ...(IMAGE_TYPES[ext] ? { type: IMAGE_TYPES[ext] } : {}),
    }
  }
  return undefined
}
