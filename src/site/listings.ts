import type { Kysely } from 'kysely'
import { createArticleStore, type PublishedCursor } from '../content/article-store.ts'
import type { EditionContext, EditionContexts } from '../content/edition-context.ts'
import { createPeopleStore, createTagStore } from '../content/people-store.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { LISTINGS_TAG } from '../cache/invalidation.ts'
import type { ChromeService } from '../web/chrome.ts'
import { authorPath, encodeCursor, tagPath } from '../web/format.ts'
import type { Picture, PictureLookup } from '../web/picture.ts'
import { articleCard, leadMediaIds, type ArticleCard, type Chrome } from '../web/view-models.ts'
import { newestChange } from './site-service.ts'
import { authorMeta, sectionMeta, type Logo, type PageMeta } from './page-meta.ts'

/** A tag's page (/tag/{slug}) or an author's (/author/{slug}): the edition's articles they name, newest first. */
export interface ListingPage {
  kind: 'tag' | 'author'
  tags: string[]
  editionId: number
  edition: EditionContext
  chrome: Chrome
  /** The tag's name, or the author's. */
  name: string
  /** The author's biography (empty for tags and authors without one). */
  bio: string
  href: string
  canonicalUrl: string
  /** JSON-LD (CollectionPage or ProfilePage, BreadcrumbList) and Open Graph. */
  meta: PageMeta
  /** When what the page lists last changed (Last-Modified). */
  lastModified: Date | undefined
  /** The same articles as feeds: /feeds/tag/{slug}/… or /feeds/author/{slug}/… */
  feeds: { rss: string; atom: string; json: string }
  articles: ArticleCard[]
  olderHref: string | undefined
  newestHref: string | undefined
}

const PAGE_SIZE = 20

/** Tag and author pages, per edition (/ru/tag/… lists the Russian edition's articles). */
export function createListingService(deps: {
  db: Kysely<DB>
  siteUrl: string
  editions: EditionContexts
  chrome: ChromeService
  media: () => PictureLookup | undefined
  logo: Logo
}) {
  const { db, siteUrl } = deps
  const articles = createArticleStore(db)

  async function listing(
    ctx: EditionContext,
    o: { kind: 'tag' | 'author'; id: number; slug: string; name: string; bio: string; before: PublishedCursor | undefined },
  ): Promise<ListingPage> {
    const { edition, byId } = ctx
    const href = o.kind === 'tag' ? tagPath(edition.prefix, o.slug) : authorPath(edition.prefix, o.slug)
    const list = await articles.findPublished({
      editionId: edition.id,
      ...(o.kind === 'tag' ? { tagId: o.id } : { personId: o.id }),
      before: o.before,
      limit: PAGE_SIZE + 1,
    })
    const page = list.slice(0, PAGE_SIZE)
    const last = page.at(-1)
    const mediaIds = leadMediaIds(page)
    const pictures = mediaIds.length ? ((await deps.media()?.pictures(mediaIds)) ?? new Map<number, Picture>()) : undefined
    const feedBase = `${edition.prefix}/feeds/${o.kind}/${encodeURIComponent(o.slug)}/`
    const site = { siteUrl, siteName: edition.name, prefix: edition.prefix, locale: edition.locale, logo: deps.logo }
    const url = siteUrl + href
    const meta =
      o.kind === 'tag'
        ? sectionMeta(site, {
            title: `${o.name} | ${edition.name}`,
            description: `Articles about ${o.name} from ${edition.name}.`,
            url,
            trail: [{ name: o.name, url }],
          })
        : authorMeta(site, { name: o.name, description: o.bio, url })
    return {
      kind: o.kind,
      tags: [LISTINGS_TAG, `${o.kind}:${o.id}`, ...page.map((a) => `article:${a.id}`), ...mediaIds.map((id) => `media:${id}`)],
      editionId: edition.id,
      edition: ctx,
      chrome: await deps.chrome.forPage({ editionCode: edition.code }),
      name: o.name,
      bio: o.bio,
      meta,
      lastModified: newestChange(page),
      href,
      canonicalUrl: siteUrl + href,
      feeds: { rss: `${feedBase}rss.xml`, atom: `${feedBase}atom.xml`, json: `${feedBase}feed.json` },
      articles: page.map((a) => articleCard(a, byId, pictures)).filter((c) => c !== undefined),
      olderHref: list.length > PAGE_SIZE && last ? `${href}?before=${encodeCursor(last)}` : undefined,
      newestHref: o.before ? href : undefined,
    }
  }

  return {
    /** The articles of the current edition with this tag. */
    async tag(slug: string, before: PublishedCursor | undefined): Promise<ListingPage> {
      const ctx = await deps.editions.get()
      const tag = await createTagStore(db).findTagBySlug(ctx.edition.id, slug)
      if (!tag) throw new AppError('NOT_FOUND', { message: 'There is no tag with that name in this edition.' })
      return listing(ctx, { kind: 'tag', id: tag.id, slug: tag.slug, name: tag.name, bio: '', before })
    },

    /** The articles of the current edition with this person in the byline. */
    async author(slug: string, before: PublishedCursor | undefined): Promise<ListingPage> {
      const ctx = await deps.editions.get()
      const person = await createPeopleStore(db).findProfileBySlug(slug)
      if (!person?.slug) throw new AppError('NOT_FOUND', { message: 'There is no author with that name.' })
      return listing(ctx, { kind: 'author', id: person.id, slug: person.slug, name: person.displayName, bio: person.bio, before })
    },
  }
}

export type ListingService = ReturnType<typeof createListingService>
