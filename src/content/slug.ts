/** URL slugs: lowercase ASCII words joined by hyphens. */
export function slugify(text: string, maxLength = 80): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (base.length <= maxLength) return base
  const cut = base.slice(0, maxLength + 1)
  const at = cut.lastIndexOf('-')
  return (at > maxLength / 2 ? cut.slice(0, at) : base.slice(0, maxLength)).replace(/-+$/g, '')
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/

export function isSlug(text: string, maxLength = 120): boolean {
  return text.length <= maxLength && SLUG_PATTERN.test(text)
}

/** First path segments that belong to the platform, never to a top-level section. */
export const RESERVED_SEGMENTS: ReadonlySet<string> = new Set([
  'api',
  'assets',
  'newsroom',
  's',
  'feeds',
  'search',
  'live',
  'healthz',
  'about',
  'community-standards',
  'sitemaps',
  'sitemap',
  'account',
  'events',
  'robots',
  'favicon',
  'oembed',
  'share',
  'tags',
  'authors',
  'discussion',
])
