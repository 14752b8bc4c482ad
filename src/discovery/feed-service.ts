import { SLUG_PATTERN } from '../content/slug.ts'
import { createHash } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { createArticleStore } from '../content/article-store.ts'
import { createPeopleStore, createTagStore } from '../content/people-store.ts'
import type { Queryable } from '../db/types.ts'
import { AppError } from '../errors.ts'
import type { EventBus } from '../events.ts'
import { authorPath, sectionPath, tagPath } from '../web/format.ts'
import { ancestry, languageOf, subtreeIds, type EditionContext, type EditionContexts } from '../content/edition-context.ts'
import { buildFeedDocument, type FeedHeader } from './feed-document.ts'
import { FEED_FORMATS, isFeedFormat, type FeedFormat } from './feed-formats.ts'
import { findFeedArticles, type FeedScope } from './feed-store.ts'
import type { FeedsPageView } from './templates/feeds-page.ts'
import { mediaIdsOf } from '../content/blocks.ts'
import type { PictureLookup } from '../web/picture.ts'

export const FEED_LENGTH = 50
const CACHE_TTL_MS = 5 * 60_000

/** A feed address, parsed: /feeds/rss.xml, /feeds/section/world/europe/atom.xml, /feeds/tag/rail/feed.json... */
export type FeedAddress = { kind: 'site'; format: FeedFormat } | { kind: 'section' | 'tag' | 'author'; key: string; format: FeedFormat }

/** Parses the part of a path after /feeds/; undefined when it names no feed. */
export function parseFeedPath(rest: string): FeedAddress | undefined {
  const parts = rest.split('/')
  const file = parts.pop() ?? ''
  if (!isFeedFormat(file)) return undefined
  if (parts.length === 0) return { kind: 'site', format: file }
  const [kind, ...key] = parts
  if (key.length === 0 || !key.every((k) => SLUG_PATTERN.test(k))) return undefined
  if (kind === 'section' && key.length <= 6) return { kind, key: key.join('/'), format: file }
  if ((kind === 'tag' || kind === 'author') && key.length === 1) return { kind, key: key[0]!, format: file }
  return undefined
}

/** The folder of a feed: "/feeds/", "/feeds/section/world/". */
export function feedFolder(a: Pick<FeedAddress, 'kind'> & { key?: string }): string {
  return a.kind === 'site' ? '/feeds/' : `/feeds/${a.kind}/${a.key!.split('/').map(encodeURIComponent).join('/')}/`
}

export interface RenderedFeed {
  body: string
  type: string
  etag: string
  lastModified: Date
  selfUrl: string
}

/** Feeds for the site, each section, tag and author, rendered once and cached until content changes. */
export function createFeedService(deps: {
  db: Queryable
  siteUrl: string
  hub: string | undefined
  events?: EventBus
  editions: EditionContexts
  media?: () => PictureLookup | undefined
}) {
  const { db, siteUrl } = deps

  async function resolve(
    a: FeedAddress,
    ctx: EditionContext,
  ): Promise<{ scope: FeedScope; header: Omit<FeedHeader, 'baseUrl' | 'siteName' | 'language' | 'hub'> }> {
    const name = ctx.edition.name
    // the edition's own pages: /ru/, /ru/search…
    const home = `${siteUrl}${ctx.edition.prefix}`
    if (a.kind === 'site') return { scope: { kind: 'site' }, header: { title: name, description: `The latest news from ${name}.`, homeUrl: `${home}/` } }
    if (a.kind === 'section') {
      const section = ctx.sections.find((s) => s.path === a.key)
      if (!section) throw new AppError('FEED_NOT_FOUND')
      return {
        scope: { kind: 'section', sectionIds: subtreeIds(ctx.sections, section) },
        header: {
          title: `${name}: ${section.name}`,
          description: section.description || `${section.name} news from ${name}.`,
          homeUrl: siteUrl + sectionPath(section),
        },
      }
    }
    if (a.kind === 'tag') {
      const tag = await createTagStore(db).findTagBySlug(ctx.edition.id, a.key)
      if (!tag) throw new AppError('FEED_NOT_FOUND')
      return {
        scope: { kind: 'tag', tagId: tag.id },
        header: {
          title: `${name}: ${tag.name}`,
          description: `Articles about ${tag.name} from ${name}.`,
          homeUrl: siteUrl + tagPath(ctx.edition.prefix, tag.slug),
        },
      }
    }
    const person = await createPeopleStore(db).findPersonBySlug(a.key)
    if (!person) throw new AppError('FEED_NOT_FOUND')
    return {
      scope: { kind: 'author', personId: person.id },
      header: {
        title: `${name}: ${person.displayName}`,
        description: `Articles by ${person.displayName} for ${name}.`,
        homeUrl: person.slug ? siteUrl + authorPath(ctx.edition.prefix, person.slug) : `${home}/`,
      },
    }
  }

  async function render(key: string, a: FeedAddress): Promise<RenderedFeed> {
    const ctx = await deps.editions.get()
    const { scope, header } = await resolve(a, ctx)
    const articles = await findFeedArticles(db, ctx.edition.id, scope, FEED_LENGTH)
    const mediaIds = [...new Set(articles.flatMap((x) => mediaIdsOf(x.body)))]
    const pictures = mediaIds.length ? ((await deps.media?.()?.pictures(mediaIds)) ?? new Map()) : new Map()
    const doc = buildFeedDocument(
      {
        ...header,
        baseUrl: siteUrl + ctx.edition.prefix + feedFolder(a as { kind: FeedAddress['kind']; key?: string }),
        siteName: ctx.edition.name,
        language: languageOf(ctx.edition.locale),
        hub: deps.hub,
      },
      articles,
      ctx.byId,
      siteUrl,
      pictures,
    )
    const body = FEED_FORMATS[a.format].render(doc)
    return {
      body,
      type: FEED_FORMATS[a.format].type,
      etag: `"${createHash('sha256').update(key).update('\0').update(body).digest('base64url').slice(0, 27)}"`,
      lastModified: doc.updated,
      selfUrl: doc.urls[a.format === 'rss.xml' ? 'rss' : a.format === 'atom.xml' ? 'atom' : 'json'],
    }
  }

  const cache = new LRUCache<string, RenderedFeed, { address: FeedAddress }>({
    max: 1000,
    ttl: CACHE_TTL_MS,
    fetchMethod: (key, _stale, { context }) => render(key, context.address),
  })
  const clear = () => cache.clear()
  const unsubscribe = deps.events
    ? [deps.events.on('article.published', clear), deps.events.on('article.changed', clear), deps.events.on('sections.changed', clear)]
    : []

  return {
    /** The feed at /feeds/{rest}, or FEED_NOT_FOUND. */
    async get(rest: string): Promise<RenderedFeed> {
      const address = parseFeedPath(rest)
      if (!address) throw new AppError('FEED_NOT_FOUND')
      // each edition has its own feeds at the same paths (/ru/feeds/rss.xml)
      const feed = await cache.fetch(`${deps.editions.current() ?? ''}\u0000${rest}`, { context: { address } })
      if (!feed) throw new AppError('FEED_NOT_FOUND')
      return feed
    },

    /** Absolute URLs of every feed (all formats) that carries this article: what a WebSub hub must re-fetch. */
    async feedUrlsFor(articleId: number, previousSectionId?: number): Promise<string[]> {
      // the feeds of the article's own edition (this runs outside any request)
      const [ref] = await createArticleStore(db).getRefs([articleId])
      const ctx = ref ? await deps.editions.byId(ref.editionId) : await deps.editions.get()
      const keys = await createArticleStore(db).getFeedKeys(articleId)
      const folders = new Set<string>(['/feeds/'])
      for (const sectionId of [keys.sectionId, previousSectionId]) {
        const section = sectionId !== undefined ? ctx.byId.get(sectionId) : undefined
        if (section) for (const s of ancestry(ctx.byId, section)) folders.add(feedFolder({ kind: 'section', key: s.path }))
      }
      for (const slug of keys.tagSlugs) folders.add(feedFolder({ kind: 'tag', key: slug }))
      for (const slug of keys.authorSlugs) folders.add(feedFolder({ kind: 'author', key: slug }))
      return [...folders].flatMap((f) => Object.keys(FEED_FORMATS).map((format) => `${siteUrl}${ctx.edition.prefix}${f}${format}`))
    },

    /** What /feeds/ lists: the section feeds and an example tag and author. */
    async index(): Promise<FeedsPageView> {
      const ctx = await deps.editions.get()
      const [tag, author] = await Promise.all([createTagStore(db).findAnyTagSlug(ctx.edition.id), createPeopleStore(db).findAnyAuthorSlug()])
      return {
        sections: ctx.sections.map((s) => ({ name: s.name, folder: feedFolder({ kind: 'section', key: s.path }), depth: s.path.split('/').length - 1 })),
        exampleTag: tag,
        exampleAuthor: author,
        hub: deps.hub,
      }
    },

    clear,
    close() {
      for (const u of unsubscribe) u()
    },
  }
}

export type FeedService = ReturnType<typeof createFeedService>
