import type { Kysely } from 'kysely'
import { createArticleStore, type PublishedCursor } from '../content/article-store.ts'
import { createEditionStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import type { Edition, Section } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { SafeHtml } from './html.ts'
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
  chrome: Chrome
  top: ArticleCard | undefined
  latest: ArticleCard[]
  sections: { name: string; href: string; articles: ArticleCard[] }[]
}

export interface SectionPage {
  chrome: Chrome
  section: { name: string; description: string; href: string; canonicalUrl: string }
  parent: { name: string; href: string } | undefined
  children: { name: string; href: string }[]
  articles: ArticleCard[]
  olderHref: string | undefined
  newestHref: string | undefined
}

export interface ArticlePage {
  chrome: Chrome
  article: ArticleView
}

export type PageResult<T> = { kind: 'page'; page: T } | { kind: 'redirect'; location: string }

const SECTION_PAGE_SIZE = 20

/** Controls other modules put in the site header (the live player); failures leave them out. */
export type HeaderTools = (editionId: number) => Promise<SafeHtml | undefined>

/** Turns stored content into the view models of the public pages. */
export function createSiteService(deps: { db: Kysely<DB>; siteUrl: string; editionCode?: string; headerTools?: HeaderTools }) {
  const { db, siteUrl } = deps
  const articles = createArticleStore(db)
  const sectionStore = createSectionStore(db)

  async function context(): Promise<{ edition: Edition; sections: Section[]; byId: Map<number, Section>; tools: SafeHtml | undefined }> {
    const edition = await createEditionStore(db).getEditionByCode(deps.editionCode ?? 'en')
    if (!edition) throw new Error('the default edition is missing')
    const [sections, tools] = await Promise.all([sectionStore.listSections(edition.id), deps.headerTools?.(edition.id).catch(() => undefined)])
    return { edition, sections, byId: new Map(sections.map((s) => [s.id, s])), tools }
  }

  const chromeFor = (c: { edition: Edition; sections: Section[]; tools: SafeHtml | undefined }, currentSectionId?: number) => ({
    ...buildChrome({ siteName: c.edition.name, siteUrl, sections: c.sections, currentSectionId, lang: c.edition.locale }),
    headerTools: c.tools,
  })

  /** A section and all its descendants' ids. */
  const subtreeIds = (sections: Section[], root: Section) => {
    const ids = [root.id]
    for (let i = 0; i < ids.length; i++) for (const s of sections) if (s.parentId === ids[i]) ids.push(s.id)
    return ids
  }

  return {
    async home(): Promise<HomePage> {
      const c = await context()
      const { edition, sections, byId } = c
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
      return {
        chrome: chromeFor(c),
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
      const c = await context()
      const { edition, sections, byId } = c
      const found = await sectionStore.findSectionByPath(edition.id, path)
      if (!found) throw new AppError('SECTION_NOT_FOUND')
      const { section } = found
      if (found.moved) return { kind: 'redirect', location: sectionPath(section) + (before ? `?before=${encodeCursor(before)}` : '') }
      const list = await articles.findPublished({ editionId: edition.id, sectionIds: subtreeIds(sections, section), before, limit: SECTION_PAGE_SIZE + 1 })
      const page = list.slice(0, SECTION_PAGE_SIZE)
      const last = page.at(-1)
      const parent = section.parentId !== null ? byId.get(section.parentId) : undefined
      return {
        kind: 'page',
        page: {
          chrome: chromeFor(c, section.id),
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
      const c = await context()
      const { edition, byId } = c
      const foundSection = await sectionStore.findSectionByPath(edition.id, path)
      if (!foundSection) throw new AppError('ARTICLE_NOT_FOUND')
      const found = await articles.findArticleBySlug(foundSection.section.id, slug)
      const a = found?.article
      if (!a || a.status !== 'published' || !a.firstPublishedAt || !a.publishedAt) throw new AppError('ARTICLE_NOT_FOUND')
      const section = byId.get(a.sectionId)!
      const canonical = articlePath(section, { firstPublishedAt: a.firstPublishedAt, slug: a.slug })
      if (found.moved || foundSection.moved || date !== urlDate(a.firstPublishedAt)) return { kind: 'redirect', location: canonical }

      const [tags, authors, pins, corrections] = await Promise.all([
        articles.getTags(a.id),
        articles.getAuthors(a.id),
        articles.getRelated(a.id),
        articles.getCorrections(a.id),
      ])
      const targets = await articles.getSummaries(pins.map((p) => p.targetArticleId).filter((id): id is number => id !== null && id !== a.id))
      const byHeadline = await articles.findPublishedByHeadlines(
        edition.id,
        pins.filter((p) => p.targetArticleId === null && p.headline).map((p) => p.headline!),
      )
      const related = pins
        .map((p) => {
          const target =
            (p.targetArticleId !== null ? targets.find((t) => t.id === p.targetArticleId) : undefined) ??
            (p.headline ? byHeadline.find((t) => t.id !== a.id && t.headline.toLowerCase() === p.headline!.toLowerCase()) : undefined)
          const targetSection = target && byId.get(target.sectionId)
          if (target && targetSection) return { headline: target.headline, href: articlePath(targetSection, target) }
          return p.headline ? { headline: p.headline, href: undefined } : undefined
        })
        .filter((r) => r !== undefined)

      return {
        kind: 'page',
        page: {
          chrome: chromeFor(c, section.id),
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
            related,
          },
        },
      }
    },

    /** The chrome alone, for error pages. */
    async chrome(): Promise<Chrome> {
      return chromeFor(await context())
    },
  }
}

export type SiteService = ReturnType<typeof createSiteService>
