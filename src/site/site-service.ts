import type { Kysely } from 'kysely'
import { createArticleStore, type PublishedCursor } from '../content/article-store.ts'
import { subtreeIds, type EditionContext, type EditionContexts } from '../content/edition-context.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Article, Edition, Section } from '../content/types.ts'
import { createTranslationStore } from '../content/translations.ts'
import { createVersionStore, type VersionContent, type VersionKind } from '../content/version-store.ts'
import { compareVersions } from '../content/version-diff.ts'
import type { FieldDiff } from '../content/copy-text.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { ChromeService } from '../web/chrome.ts'
import { translatorFor } from '../web/i18n.ts'
import { buildArticleMeta, type ArticleMeta } from './structured-data.ts'
import { articlePath, encodeCursor, sectionPath, urlDate } from '../web/format.ts'
import {
  articleCard,
  formatDateline,
  leadMediaIds,
  quotedPeople,
  timeView,
  type ArticleCard,
  type ArticleView,
  type Chrome,
  type TimeView,
} from '../web/view-models.ts'
import type { Picture, PictureLookup } from '../web/picture.ts'
import { mediaIdsOf } from '../content/blocks.ts'

export interface HomePage {
  /** Every edition's home, for hreflang (reciprocal by construction). */
  alternates: { hreflang: string; href: string; isDefault?: boolean }[]
  /** What the page shows, for cache invalidation: 'home' and every article on it. */
  tags: string[]
  editionId: number
  /** The edition and sections the page was built from (page parts get them too). */
  edition: EditionContext
  chrome: Chrome
  top: ArticleCard | undefined
  latest: ArticleCard[]
  sections: { name: string; href: string; articles: ArticleCard[] }[]
}

export interface SectionPage {
  tags: string[]
  editionId: number
  edition: EditionContext
  /** The section and its descendants (whose articles the page lists). */
  sectionIds: number[]
  chrome: Chrome
  section: { name: string; description: string; href: string; canonicalUrl: string }
  parent: { name: string; href: string } | undefined
  children: { name: string; href: string }[]
  articles: ArticleCard[]
  olderHref: string | undefined
  newestHref: string | undefined
}

export interface ArticlePage {
  /** The same story in other editions, for hreflang (this page's own URL included). */
  alternates?: { hreflang: string; href: string; isDefault?: boolean }[] | undefined
  tags: string[]
  editionId: number
  /** The edition and sections the page was built from (page parts get them too). */
  edition: EditionContext
  chrome: Chrome
  article: ArticleView
  /** The media-library pictures the body shows (those deleted or past their licence are missing). */
  pictures: Map<number, Picture>
  /** Structured data, Open Graph and oEmbed discovery for the page head. */
  meta: ArticleMeta
}

/** What the pages of an article's published record say about the article. */
export interface VersionsArticle {
  id: number
  headline: string
  path: string
  canonicalUrl: string
  section: { name: string; href: string }
}

export interface VersionsPage {
  tags: string[]
  chrome: Chrome
  article: VersionsArticle
  versions: { number: number; kind: VersionKind; note: string; time: TimeView; hash: string; href: string }[]
}

export interface VersionPage {
  tags: string[]
  chrome: Chrome
  article: VersionsArticle
  version: { number: number; kind: VersionKind; note: string; time: TimeView; hash: string; previousHash: string | null; content: VersionContent }
  pictures: Map<number, Picture>
  of: number
  previousHref: string | undefined
  versionsHref: string
}

export interface VersionComparePage {
  tags: string[]
  chrome: Chrome
  article: VersionsArticle
  from: { number: number; time: TimeView; note: string; href: string }
  to: { number: number; time: TimeView; note: string; href: string }
  fields: FieldDiff[]
  choices: number[]
  versionsHref: string
}

export type PageResult<T> = { kind: 'page'; page: T } | { kind: 'redirect'; location: string }

const SECTION_PAGE_SIZE = 20

/** Related articles of an article, offered by the discovery module. */
export interface RelatedLookup {
  forArticle(article: Article, ctx: EditionContext): Promise<{ headline: string; href: string | undefined; articleId?: number | undefined }[]>
}

/** Turns stored content into the view models of the public pages. */
export function createSiteService(deps: {
  db: Kysely<DB>
  siteUrl: string
  editions: EditionContexts
  chrome: ChromeService
  related: () => RelatedLookup | undefined
  /** The media library's pictures (absent: pages show no library pictures). */
  media: () => PictureLookup | undefined
}) {
  const { db, siteUrl } = deps
  const articles = createArticleStore(db)
  const sectionStore = createSectionStore(db)
  const context = () => deps.editions.get()

  /** The section at a path: from the cached tree, else (a moved section) from the aliases. */
  async function sectionAt(ctx: EditionContext, path: string) {
    const current = ctx.sections.find((s) => s.path === path)
    return current ? { section: current, moved: false } : sectionStore.findSectionByPath(ctx.edition.id, path)
  }

  const chromeFor = (edition: Edition, currentSectionId?: number) => deps.chrome.forPage({ editionCode: edition.code, currentSectionId })
  const pictures = async (ids: number[]): Promise<Map<number, Picture>> => (ids.length ? ((await deps.media()?.pictures(ids)) ?? new Map()) : new Map())
  /** A page showing pictures is dropped from the caches when one of them changes (replaced, recropped, licence). */
  const mediaTags = (shown: Map<number, Picture> | number[]) => [...(Array.isArray(shown) ? shown : shown.keys())].map((id) => `media:${id}`)

  /** The published article at a public path, or where it moved (+ `rest` of the path kept). */
  async function publishedAt(
    path: string,
    date: string,
    slug: string,
    rest = '',
  ): Promise<
    | { kind: 'redirect'; location: string }
    | { kind: 'found'; ctx: EditionContext; a: Article & { firstPublishedAt: Date; publishedAt: Date }; section: Section; canonical: string }
  > {
    const ctx = await context()
    const foundSection = await sectionAt(ctx, path)
    if (!foundSection) throw new AppError('ARTICLE_NOT_FOUND')
    const found = await articles.findArticleBySlug(foundSection.section.id, slug)
    const a = found?.article
    if (!a || a.status !== 'published' || !a.firstPublishedAt || !a.publishedAt) throw new AppError('ARTICLE_NOT_FOUND')
    const section = ctx.byId.get(a.sectionId)!
    const canonical = articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug })
    if (found.moved || foundSection.moved || date !== urlDate(a.firstPublishedAt)) return { kind: 'redirect', location: canonical + rest }
    return { kind: 'found', ctx, a: { ...a, firstPublishedAt: a.firstPublishedAt, publishedAt: a.publishedAt }, section, canonical }
  }

  return {
    async home(): Promise<HomePage> {
      const ctx = await context()
      const { edition, sections, byId } = ctx
      const top = sections.filter((s) => s.parentId === null)
      const [latest, perSection] = await Promise.all([
        articles.findPublished({ editionId: edition.id, limit: 25 }),
        articles.findLatestPerSection(
          edition.id,
          top.map((s) => ({ key: s.id, sectionIds: subtreeIds(sections, s) })),
          5,
        ),
      ])
      const mediaIds = leadMediaIds([...latest, ...[...perSection.values()].flat()])
      const pics = await pictures(mediaIds)
      const cards = latest.map((a) => articleCard(a, byId, pics, translatorFor(edition))).filter((c) => c !== undefined)
      const topId = latest[0]?.id
      const shown = new Set([...latest.map((a) => a.id), ...[...perSection.values()].flat().map((a) => a.id)])
      const sectionLists = top
        .map((s) => ({
          name: s.name,
          href: sectionPath(s),
          articles: (perSection.get(s.id) ?? [])
            .filter((a) => a.id !== topId)
            .slice(0, 4)
            .map((a) => articleCard(a, byId, pics, translatorFor(edition)))
            .filter((c) => c !== undefined),
        }))
        .filter((s) => s.articles.length > 0)
      // the side column's Latest never repeats a headline the main column already shows
      const inSections = new Set(sectionLists.flatMap((s) => s.articles.map((c) => c.href)))
      return {
        tags: ['home', ...[...shown].map((id) => `article:${id}`), ...mediaTags(mediaIds)],
        alternates: (await deps.editions.list()).map((e) => ({ hreflang: e.locale, href: `${siteUrl}${e.prefix}/`, isDefault: e.isDefault })),
        editionId: edition.id,
        edition: ctx,
        chrome: await chromeFor(edition),
        top: cards[0],
        latest: cards
          .slice(1)
          .filter((c) => !inSections.has(c.href))
          .slice(0, 12),
        sections: sectionLists,
      }
    },

    async section(path: string, before: PublishedCursor | undefined): Promise<PageResult<SectionPage>> {
      const ctx = await context()
      const { edition, sections, byId } = ctx
      const found = await sectionAt(ctx, path)
      if (!found) throw new AppError('SECTION_NOT_FOUND')
      const { section } = found
      if (found.moved) return { kind: 'redirect', location: sectionPath(section) + (before ? `?before=${encodeCursor(before)}` : '') }
      const sectionIds = subtreeIds(sections, section)
      const list = await articles.findPublished({ editionId: edition.id, sectionIds, before, limit: SECTION_PAGE_SIZE + 1 })
      const page = list.slice(0, SECTION_PAGE_SIZE)
      const last = page.at(-1)
      const parent = section.parentId !== null ? byId.get(section.parentId) : undefined
      const mediaIds = leadMediaIds(page)
      const pics = await pictures(mediaIds)
      return {
        kind: 'page',
        page: {
          tags: [`section:${section.id}`, ...page.map((a) => `article:${a.id}`), ...mediaTags(mediaIds)],
          editionId: edition.id,
          edition: ctx,
          sectionIds,
          chrome: await chromeFor(edition, section.id),
          section: { name: section.name, description: section.description, href: sectionPath(section), canonicalUrl: siteUrl + sectionPath(section) },
          parent: parent && { name: parent.name, href: sectionPath(parent) },
          children: sections.filter((s) => s.parentId === section.id).map((s) => ({ name: s.name, href: sectionPath(s) })),
          articles: page.map((a) => articleCard(a, byId, pics, translatorFor(edition))).filter((c) => c !== undefined),
          olderHref: list.length > SECTION_PAGE_SIZE && last ? `${sectionPath(section)}?before=${encodeCursor(last)}` : undefined,
          newestHref: before ? sectionPath(section) : undefined,
        },
      }
    },

    /** The published article at a path, without its page (other representations: ninjs); `rest` follows a redirect. */
    async articleAt(path: string, date: string, slug: string, rest = ''): Promise<PageResult<{ articleId: number; sectionId: number; tags: string[] }>> {
      const found = await publishedAt(path, date, slug, rest)
      if (found.kind === 'redirect') return found
      return { kind: 'page', page: { articleId: found.a.id, sectionId: found.section.id, tags: [`article:${found.a.id}`] } }
    },

    async article(path: string, date: string, slug: string): Promise<PageResult<ArticlePage>> {
      const found = await publishedAt(path, date, slug)
      if (found.kind === 'redirect') return found
      const { ctx, a, section, canonical } = found
      const { edition } = ctx

      const bodyMedia = mediaIdsOf(a.body)
      const [{ tags, authors, corrections }, related, versionCounts, pics, group] = await Promise.all([
        articles.getPageExtras(a.id),
        deps.related()?.forArticle(a, ctx) ?? [],
        createVersionStore(db).countVersions([a.id]),
        pictures(bodyMedia),
        createTranslationStore(db).findTranslations(a.id),
      ])
      // the story in other editions: "Read in", hreflang alternates, JSON-LD translation links
      const published = group.filter((t) => t.path !== undefined)
      const others = published.filter((t) => t.articleId !== a.id)
      const original = published.find((t) => t.isOriginal)
      const meta = buildArticleMeta({
        pictures: pics,
        siteUrl,
        siteName: edition.name,
        locale: edition.locale,
        canonicalUrl: siteUrl + canonical,
        headline: a.headline,
        lead: a.lead,
        body: a.body,
        dateline: formatDateline(a.dateline),
        firstPublishedAt: a.firstPublishedAt,
        publishedAt: a.publishedAt,
        updatedAt: a.updatedAt,
        section: section.name,
        authors: authors.map((p) => ({ name: p.displayName })),
        tags: tags.map((t) => t.name),
        translationOf: original && original.articleId !== a.id ? { url: siteUrl + original.path!, locale: original.locale } : undefined,
        translations: original?.articleId === a.id ? others.map((t) => ({ url: siteUrl + t.path!, locale: t.locale })) : undefined,
      })

      return {
        kind: 'page',
        page: {
          // the article, every article its related list links to, and its section's lists (new related candidates)
          // discussion:{id}: the comments and their count, invalidated by the discussion module alone;
          // discussion-settings: whether it is open, once the site-wide rules (closing by age) change
          tags: [
            `article:${a.id}`,
            `discussion:${a.id}`,
            'discussion-settings',
            ...related.flatMap((r) => (r.articleId !== undefined ? [`article:${r.articleId}`] : [])),
            `related:${section.id}`,
            ...(section.parentId !== null ? [`related:${section.parentId}`] : []),
            ...mediaTags(bodyMedia),
          ],
          editionId: edition.id,
          edition: ctx,
          chrome: await chromeFor(edition, section.id),
          alternates: others.length ? published.map((t) => ({ hreflang: t.locale, href: siteUrl + t.path!, isDefault: t.isDefaultEdition })) : undefined,
          article: {
            id: a.id,
            headline: a.headline,
            lead: a.lead,
            path: canonical,
            canonicalUrl: siteUrl + canonical,
            section: { name: section.name, href: sectionPath(section) },
            published: timeView(a.publishedAt, translatorFor(edition)),
            updated: a.updatedAt && a.updatedAt > a.publishedAt ? timeView(a.updatedAt, translatorFor(edition)) : undefined,
            dateline: formatDateline(a.dateline),
            body: a.body,
            authors: authors.map((p) => ({ name: p.displayName })),
            tags: tags.map((t) => ({ name: t.name })),
            corrections: corrections.map((c) => ({
              text: c.text,
              time: timeView(c.createdAt, translatorFor(edition)),
              correctedHref: c.correctsVersion ? `${canonical}/versions/${c.correctsVersion}` : undefined,
            })),
            versions: versionCounts.get(a.id) ?? 0,
            readIn: others.map((t) => ({ name: t.editionName, lang: t.locale, href: t.path!, headline: t.headline })),
            versionsHref: `${canonical}/versions`,
            quoted: quotedPeople(a.body),
            related: related.map((r) => ({ headline: r.headline, href: r.href })),
          },
          pictures: pics,
          meta,
        },
      }
    },

    /** An article's published versions, oldest first (the public record). */
    async versions(path: string, date: string, slug: string): Promise<PageResult<VersionsPage>> {
      const found = await publishedAt(path, date, slug, '/versions')
      if (found.kind === 'redirect') return found
      const { ctx, a, section, canonical } = found
      const list = await createVersionStore(db).listVersions(a.id)
      return {
        kind: 'page',
        page: {
          tags: [`article:${a.id}`],
          chrome: await chromeFor(ctx.edition, section.id),
          article: {
            id: a.id,
            headline: a.headline,
            path: canonical,
            canonicalUrl: siteUrl + canonical,
            section: { name: section.name, href: sectionPath(section) },
          },
          versions: list.map((v) => ({
            number: v.number,
            kind: v.kind,
            note: v.note,
            time: timeView(v.publishedAt, translatorFor(ctx.edition)),
            hash: v.contentHash,
            href: `${canonical}/versions/${v.number}`,
          })),
        },
      }
    },

    /** One published version, exactly as readers were shown it. */
    async version(path: string, date: string, slug: string, number: number): Promise<PageResult<VersionPage>> {
      const found = await publishedAt(path, date, slug, `/versions/${number}`)
      if (found.kind === 'redirect') return found
      const { ctx, a, section, canonical } = found
      const store = createVersionStore(db)
      const [v, list] = await Promise.all([store.getVersion(a.id, number), store.listVersions(a.id)])
      if (!v) throw new AppError('NOT_FOUND', { message: 'That article has no such version. Its Versions page lists every one.' })
      const versionMedia = mediaIdsOf(v.content.body)
      return {
        kind: 'page',
        page: {
          tags: [`article:${a.id}`, ...mediaTags(versionMedia)],
          chrome: await chromeFor(ctx.edition, section.id),
          article: {
            id: a.id,
            headline: a.headline,
            path: canonical,
            canonicalUrl: siteUrl + canonical,
            section: { name: section.name, href: sectionPath(section) },
          },
          version: {
            number: v.number,
            kind: v.kind,
            note: v.note,
            time: timeView(v.publishedAt, translatorFor(ctx.edition)),
            hash: v.contentHash,
            previousHash: v.previousHash,
            content: v.content,
          },
          pictures: await pictures(versionMedia),
          of: list.length,
          previousHref: number > 1 ? `${canonical}/versions/compare?from=${number - 1}&to=${number}` : undefined,
          versionsHref: `${canonical}/versions`,
        },
      }
    },

    /** Two published versions compared word by word. */
    async compareVersions(path: string, date: string, slug: string, from: number, to: number): Promise<PageResult<VersionComparePage>> {
      const found = await publishedAt(path, date, slug, `/versions/compare?from=${from}&to=${to}`)
      if (found.kind === 'redirect') return found
      const { ctx, a, section, canonical } = found
      const store = createVersionStore(db)
      const [x, y, list] = await Promise.all([store.getVersion(a.id, from), store.getVersion(a.id, to), store.listVersions(a.id)])
      if (!x || !y) throw new AppError('NOT_FOUND', { message: 'That article has no such version. Its Versions page lists every one.' })
      return {
        kind: 'page',
        page: {
          tags: [`article:${a.id}`],
          chrome: await chromeFor(ctx.edition, section.id),
          article: {
            id: a.id,
            headline: a.headline,
            path: canonical,
            canonicalUrl: siteUrl + canonical,
            section: { name: section.name, href: sectionPath(section) },
          },
          from: { number: x.number, time: timeView(x.publishedAt, translatorFor(ctx.edition)), note: x.note, href: `${canonical}/versions/${x.number}` },
          to: { number: y.number, time: timeView(y.publishedAt, translatorFor(ctx.edition)), note: y.note, href: `${canonical}/versions/${y.number}` },
          fields: compareVersions(x.content, y.content),
          choices: list.map((v) => v.number),
          versionsHref: `${canonical}/versions`,
        },
      }
    },

    /** The chrome alone, for error pages. */
    chrome(): Promise<Chrome> {
      return deps.chrome.forPage()
    },
  }
}

export type SiteService = ReturnType<typeof createSiteService>
