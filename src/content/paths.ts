import type { ArticleSummary, Section } from './types.ts'

const pad = (n: number) => String(n).padStart(2, '0')

/** "20200805": the date part of an article URL (date of first publication, UTC). */
export function urlDate(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`
}

/** A path of slugs as it goes in a URL: each segment percent-encoded (slugs may be in any script). */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

/** The public path of a published article: /{section path}/{yyyymmdd}/{slug}, percent-encoded. */
export function articlePath(section: Pick<Section, 'path' | 'prefix'>, article: Pick<ArticleSummary, 'firstPublishedAt' | 'slug'>): string {
  return `${section.prefix ?? ''}/${encodePath(section.path)}/${urlDate(article.firstPublishedAt)}/${encodeURIComponent(article.slug)}`
}

/** A section's page: /{edition prefix}/{section path}/, percent-encoded. */
export function sectionPath(section: Pick<Section, 'path' | 'prefix'>): string {
  return `${section.prefix ?? ''}/${encodePath(section.path)}/`
}

/** A tag's page in an edition: /{edition prefix}/tag/{slug}, percent-encoded. */
export function tagPath(prefix: string, slug: string): string {
  return `${prefix}/tag/${encodeURIComponent(slug)}`
}

/** An author's page in an edition (their articles there): /{edition prefix}/author/{slug}, percent-encoded. */
export function authorPath(prefix: string, slug: string): string {
  return `${prefix}/author/${encodeURIComponent(slug)}`
}
