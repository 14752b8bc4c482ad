import type { Kysely } from 'kysely'
import { createArticleStore, type PublishedCursor } from '../content/article-store.ts'
import { createEditionStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Edition, Section } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { SafeHtml } from './html.ts'
import type { RelatedService } from '../discovery/related-service.ts'
import { buildArticleMeta, type ArticleMeta } from '../discovery/structured-data.ts'
import { articlePath, encodeCursor, sectionPath, urlDate } from './format.ts'
import {
  articleCard,
  buildChrome,
  formatDateline,
  quotedPeople,
  timeView,
  type ArticleCard,
  type ArticleView,
  type Chrome,
} from './view-models.ts'

export interface HomePage {
  /** What the page shows, for cache invalidation: 'home' and every article on it. */
  tags: string[]
  editionId: number
  chrome: Chrome
  top: ArticleCard | undefined
  latest: ArticleCard[]
  sections: { name: string; href: string; articles: ArticleCard[] }[]
}

export interface SectionPage {
  tags: string[]
  editionId: number
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
  tags: string[]
  editionId: number
  chrome: Chrome
  article: ArticleView
  /** Structured data, Open Graph and oEmbed discovery for the page head. */
  meta: ArticleMeta
}

export type PageResult<T> = { kind: 'page'; page: T } | { kind: 'redirect'; location: string }

const SECTION_PAGE_SIZE = 20

/** Turns stored content into the view models of the public pages. */
/** Controls other modules put in the site header (the live player); failures leave them out. */
export type HeaderTools = (editionId: number) => Promise<SafeHtml | undefined>

export function createSiteService(deps: { db: Kysely<DB>; siteUrl: string; editionCode?: string; related: Pick<RelatedService, 'forArticle'>; headerTools?: HeaderTools }) {
  const { db, siteUrl } = deps
  const articles = createArticleStore(db)
  const sectionStore = createSectionStore(db)

  type Context = { edition: Edition; sections: Section[]; byId: Map<number, Section> }
  // The edition and its section tree change rarely and every page needs them: kept in memory,
  // dropped on 'sections.changed' (here or on another node) and after a minute at most.
  let cached: { value: Promise<Context>; at: number } | undefined
  const CONTEXT_TTL_MS = 60_000

  async function loadContext(): Promise<Context> {
    const edition = await createEditionStore(db).getEditionByCode(deps.editionCode ?? 'en')
    if (!edition) throw new Error('the default edition is missing')
    const sections = await sectionStore.listSections(edition.id)
    return { edition, sections, byId: new Map(sections.map((s) => [s.id, s])) }
  }

  function context(): Promise<Context> {
    if (!cached || Date.now() - cached.at > CONTEXT_TTL_MS) {
      const value = loadContext()
      cached = { value, at: Date.now() }
      // a failed load (database down) must not be remembered
      value.catch(() => {
        if (cached?.value === value) cached = undefined
      })
    }
    return cached.value
  }

  /** The section at a path: from the cached tree, else (a moved section) from the aliases. */
  async function sectionAt(ctx: Context, path: string) {
    const current = ctx.sections.find((s) => s.path === path)
    return current ? { section: current, moved: false } : sectionStore.findSectionByPath(ctx.edition.id, path)
  }

  // Header tools keep their own cache (stations change apart from sections), so they are asked per page.
  const chromeFor = async (edition: Edition, sections: Section[], currentSectionId?: number) => ({
    ...buildChrome({ siteName: edition.name, siteUrl, sections, currentSectionId, lang: edition.locale }),
    headerTools: await deps.headerTools?.(edition.id).catch(() => undefined),
  })

  /** A section and all its descendants' ids. */
  const subtreeIds = (sections: Section[], root: Section) => {
    const ids = [root.id]
    for (let i = 0; i < ids.length; i++) for (const s of sections) if (s.parentId === ids[i]) ids.push(s.id)
    return ids
  }

  return {
    async home(): Promise<HomePage> {
      const { edition, sections, byId } = await context()
      const top = sections.filter((s) => s.parentId === null)
      const [latest, perSection] = await Promise.all([
        articles.findPublished({ editionId: edition.id, limit: 25 }),
        articles.findLatestPerSection(
          edition.id,
          top.map((s) => ({ key: s.id, sectionIds: subtreeIds(sections, s) })),
          5,
        ),
      ])
      const cards = latest.map((a) => articleCard(a, byId)).filter((c) => c !== undefined)
      const topId = latest[0]?.id
      const shown = new Set([...latest.map((a) => a.id), ...[...perSection.values()].flat().map((a) => a.id)])
      return {
        tags: ['home', ...[...shown].map((id) => `article:${id}`)],
        editionId: edition.id,
        chrome: await chromeFor(edition, sections),
        top: cards[0],
        latest: cards.slice(1),
        sections: top
          .map((s) => ({
            name: s.name,
            href: sectionPath(s),
            articles: (perSection.get(s.id) ?? [])
              .filter((a) => a.id !== topId)
              .slice(0, 4)
              .map((a) => articleCard(a, byId))
              .filter((c) => c !== undefined),
          }))
          .filter((s) => s.articles.length > 0),
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
      return {
        kind: 'page',
        page: {
          tags: [`section:${section.id}`, ...page.map((a) => `article:${a.id}`)],
          editionId: edition.id,
          sectionIds,
          chrome: await chromeFor(edition, sections, section.id),
          section: { name: section.name, description: section.description, href: sectionPath(section), canonicalUrl: siteUrl + sectionPath(section) },
          parent: parent && { name: parent.name, href: sectionPath(parent) },
          children: sections.filter((s) => s.parentId === section.id).map((s) => ({ name: s.name, href: sectionPath(s) })),
          articles: page.map((a) => articleCard(a, byId)).filter((c) => c !== undefined),
          olderHref: list.length > SECTION_PAGE_SIZE && last ? `${sectionPath(section)}?before=${encodeCursor(last)}` : undefined,
          newestHref: before ? sectionPath(section) : undefined,
        },
      }
    },

    async article(path: string, date: string, slug: string): Promise<PageResult<ArticlePage>> {
      const ctx = await context()
      const { edition, sections, byId } = ctx
      const foundSection = await sectionAt(ctx, path)
      if (!foundSection) throw new AppError('ARTICLE_NOT_FOUND')
      const found = await articles.findArticleBySlug(foundSection.section.id, slug)
      const a = found?.article
      if (!a || a.status !== 'published' || !a.firstPublishedAt || !a.publishedAt) throw new AppError('ARTICLE_NOT_FOUND')
      const section = byId.get(a.sectionId)!
      const canonical = articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug })
      if (found.moved || foundSection.moved || date !== urlDate(a.firstPublishedAt)) return { kind: 'redirect', location: canonical }

      const [{ tags, authors, corrections }, related] = await Promise.all([articles.getPageExtras(a.id), deps.related.forArticle(a, { edition, sections, byId })])
      const meta = buildArticleMeta({
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
      })

      return {
        kind: 'page',
        page: {
          // the article, every article its related list links to, and its section's lists (new related candidates)
          // discussion:{id}: the comments and their count, invalidated by the discussion module alone;
          // discussion-settings: whether it is open, once the site-wide rules (closing by age) change
          tags: [`article:${a.id}`, `discussion:${a.id}`, 'discussion-settings', ...related.flatMap((r) => (r.articleId !== undefined ? [`article:${r.articleId}`] : [])), `related:${section.id}`, ...(section.parentId !== null ? [`related:${section.parentId}`] : [])],
          editionId: edition.id,
          chrome: await chromeFor(edition, sections, section.id),
          article: {
            id: a.id,
            headline: a.headline,
            lead: a.lead,
            path: canonical,
            canonicalUrl: siteUrl + canonical,
            section: { name: section.name, href: sectionPath(section) },
            published: timeView(a.publishedAt),
            updated: a.updatedAt && a.updatedAt > a.publishedAt ? timeView(a.updatedAt) : undefined,
            dateline: formatDateline(a.dateline),
            body: a.body,
            authors: authors.map((p) => ({ name: p.displayName })),
            tags: tags.map((t) => ({ name: t.name })),
            corrections: corrections.map((c) => ({ text: c.text, time: timeView(c.createdAt) })),
            quoted: quotedPeople(a.body),
            related: related.map((r) => ({ headline: r.headline, href: r.href })),
          },
          meta,
        },
      }
    },

    /** Forgets the cached edition and sections (they changed). */
    clearContext() {
      cached = undefined
    },

    /** The chrome alone, for error pages. */
    async chrome(): Promise<Chrome> {
      const { edition, sections } = await context()
      return await chromeFor(edition, sections)
    },
  }
}

export type SiteService = ReturnType<typeof createSiteService>
